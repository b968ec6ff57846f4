"""Load the native YAML scheme format (and framework files).

Parsing uses ``yaml_rs`` (a Rust YAML 1.2 parser: safe, fast, with limits on
alias expansion). Source lines of items are found by one regular-expression
pass over the text; an error's exact line comes from re-reading the file with
the line-aware ``ruamel.yaml`` only when an error occurs.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import yaml_rs
from pydantic import BaseModel, ValidationError

from coherence.errors import InputError
from coherence.load import limits
from coherence.load.common import (
    check_scheme,
    decode_utf8,
    read_bytes,
    set_lines,
    validation_error,
)
from coherence.model import Framework, Scheme

# No real scheme uses aliases heavily; a "billion laughs" file hits these limits.
_ALIAS_LIMITS = yaml_rs.AliasLimits(max_total_replayed_events=100_000, max_replay_stack_depth=32)
_ID_LINE = re.compile(
    r"""^[ \t]*(?:-[ \t]+)?\{?[ \t]*(?:id|code):[ \t]*["']?([^"'\s#,}\]]+)""", re.MULTILINE
)
_ERR_LINE = re.compile(r"line (\d+)(?:, column (\d+))?")
_RUAMEL_MAX_BYTES = 4 * 1024 * 1024

M = TypeVar("M", bound=BaseModel)


def parse_yaml(text: str, file: str) -> dict[str, Any]:
    """Parse YAML text safely into a mapping.

    Raises
    ------
    InputError
        On a YAML syntax error, an alias bomb, or a top level that is not a mapping.
    """
    limits.check_yaml_text(text, file)
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=_ALIAS_LIMITS)
    except yaml_rs.YAMLDecodeError as e:
        msg = str(e)
        m = _ERR_LINE.search(msg)
        reason = [ln for ln in msg.splitlines() if ln.strip() and "|" not in ln]
        detail = reason[-1].strip() if reason else msg.splitlines()[0]
        if "alias" in msg.lower() or "replay" in msg.lower():
            detail = "too many alias expansions (is this an alias bomb?)"
        raise InputError(
            f"invalid YAML: {detail}",
            file=file,
            line=int(m.group(1)) if m else None,
            column=int(m.group(2)) if m and m.group(2) else None,
        ) from None
    except (ValueError, RecursionError, OverflowError) as e:
        raise InputError(f"invalid YAML: {e}", file=file) from None
    limits.check_scheme_tree(data, file, text)
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise InputError(
            f"expected a mapping with 'name' and 'units' at the top, got {kind}", file=file, line=1
        )
    return data


def id_lines(text: str) -> dict[str, list[int]]:
    """Lines (1-based) where each ``id:``/``code:`` value is written, in order.

    Examples
    --------
    >>> id_lines("units:\\n  - id: a\\n    steps:\\n      - id: b\\n")
    {'a': [2], 'b': [4]}
    """
    out: dict[str, list[int]] = {}
    match = _ID_LINE.match
    for number, line in enumerate(text.split("\n"), 1):
        if "id:" in line or "code:" in line:
            m = match(line)
            if m:
                hits = out.get(m.group(1))
                if hits is None:
                    out[m.group(1)] = [number]
                else:
                    hits.append(number)
    return out


class _LineQueue:
    """Hands out the lines of each id in order (duplicates get successive lines)."""

    def __init__(self, lines: dict[str, list[int]]) -> None:
        self._lines = lines
        self._taken: dict[str, int] = {}

    def take(self, item_id: str) -> int | None:
        hits = self._lines.get(item_id)
        if not hits:
            return None
        if len(hits) == 1:
            return hits[0]
        i = self._taken.get(item_id, 0)
        self._taken[item_id] = i + 1
        return hits[min(i, len(hits) - 1)]


def _locator(text: str, data: dict[str, Any], lines: dict[str, list[int]]) -> Any:
    """A function from a validation-error location to the best line we can find."""
    tree: Any = None
    if len(text) <= _RUAMEL_MAX_BYTES:
        try:
            from ruamel.yaml import YAML

            tree = YAML(typ="rt", pure=True).load(text)
        except Exception:  # any failure just means we fall back to ids
            tree = None

    def locate(loc: tuple[int | str, ...]) -> int | None:
        if tree is not None:
            node: Any = tree
            best: int | None = None
            for part in loc:
                lc = getattr(node, "lc", None)  # ruamel's line/column record
                try:
                    if lc is not None and isinstance(part, int) and isinstance(node, list):
                        best = int(lc.item(part)[0]) + 1
                    elif lc is not None and isinstance(node, dict):
                        if part in node:
                            best = int(lc.key(part)[0]) + 1
                        elif best is None:
                            best = int(lc.line) + 1
                    node = node[part]
                except (KeyError, IndexError, TypeError, AttributeError):
                    break
            if best is not None:
                return best
        node = data
        found: int | None = None
        for part in loc:
            key = node.get("id") or node.get("code") if isinstance(node, dict) else None
            if isinstance(key, str):
                hits = lines.get(key, [])
                found = hits[0] if hits else found
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        return found

    return locate


class _LazyLocator:
    """Builds the (slow, line-aware) locator only if an error needs a line."""

    def __init__(self, text: str, data: dict[str, Any], lines: dict[str, list[int]]) -> None:
        self._args = (text, data, lines)
        self._locate: Any = None

    def __call__(self, loc: tuple[int | str, ...]) -> int | None:
        if self._locate is None:
            self._locate = _locator(*self._args)
        line: int | None = self._locate(loc)
        return line


def _validate(
    model: type[M], data: dict[str, Any], text: str, file: str, lines: dict[str, list[int]]
) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise validation_error(e, model, file, _locator(text, data, lines)) from None


def load_yaml_scheme(path: str, text: str | None = None) -> Scheme:
    """Load a scheme from a native YAML file.

    Parameters
    ----------
    path : str
        The file to read.
    text : str, optional
        The file's text when already read.

    Returns
    -------
    Scheme
        The validated scheme, each item knowing its source line.

    Raises
    ------
    InputError
        For any bad input, with file and line.

    Examples
    --------
    >>> from coherence.load import bundled_scheme_path
    >>> load_yaml_scheme(bundled_scheme_path()).name  # doctest: +SKIP
    'Riverside Academy KS3 Mathematics'
    """
    if text is None:
        text = decode_utf8(read_bytes(path), path)
    data = parse_yaml(text, path)
    lines = id_lines(text)
    scheme = _validate(Scheme, data, text, path, lines)
    line_of = _LineQueue(lines).take
    for p in scheme.prior:
        set_lines(p, line_of(p.id))
    for u in scheme.units:
        set_lines(u, line_of(u.id))
        for s in u.steps:
            set_lines(s, line_of(s.id))
    scheme._source = path
    return check_scheme(scheme, path, _LazyLocator(text, data, lines))


def load_yaml_framework(path: str) -> Framework:
    """Load a framework file (statements with expert ``requires`` links).

    Raises
    ------
    InputError
        For bad input, including duplicate codes, dangling ``requires`` and cycles.
    """
    text = decode_utf8(read_bytes(path), path)
    data = parse_yaml(text, path)
    lines = id_lines(text)
    fw = _validate(Framework, data, text, path, lines)
    fw._source_file = path
    line_of = _LineQueue(lines).take
    codes: dict[str, int | None] = {}
    for st in fw.statements:
        set_lines(st, line_of(st.code))
        if st.code in codes:
            raise InputError(f"duplicate statement code '{st.code}'", file=path, line=st.line)
        codes[st.code] = st.line
    for st in fw.statements:
        for req in st.requires:
            if req not in codes:
                from coherence.load.common import did_you_mean

                raise InputError(
                    f"statement '{st.code}' requires '{req}', which is not in the framework"
                    + did_you_mean(req, list(codes)),
                    file=path,
                    line=st.line,
                )
    _check_framework_acyclic(fw, path)
    return fw


def _check_framework_acyclic(fw: Framework, path: str) -> None:
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(s.code for s in fw.statements)
    g.add_edges_from((r, s.code) for s in fw.statements for r in s.requires)
    try:
        cycle = nx.find_cycle(g)
    except nx.NetworkXNoCycle:
        return
    members = [u for u, _ in cycle]
    first = fw.by_code()[members[0]]
    raise InputError(
        "framework has a prerequisite cycle: " + " -> ".join([*members, members[0]]),
        file=path,
        line=first.line,
    )
