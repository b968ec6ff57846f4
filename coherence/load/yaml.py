"""Load the native YAML scheme format (and framework files).

Parsing uses ``yaml_rs`` (a Rust YAML 1.2 parser: safe, fast, with limits on
alias expansion). Source lines of items are found by one regular-expression
pass over the text; an error's exact line comes from re-reading the file with
the line-aware ``ruamel.yaml`` only when an error occurs.
"""

from __future__ import annotations

import os
import re
from typing import Any, NoReturn, TypeVar

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
from coherence.model import Framework, Scheme, Statement

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


def load_yaml_framework(path: str, _including: tuple[str, ...] = ()) -> Framework:
    """Load a framework file (statements with expert ``requires`` links).

    Included frameworks (``includes:``, bundled ids or paths relative to the
    file) are loaded recursively; their statements come first, then ``links``
    add prerequisite links across them.

    Raises
    ------
    InputError
        For bad input, including duplicate codes, dangling ``requires``, cycles
        of links and cycles of includes.
    """
    text = decode_utf8(read_bytes(path), path)
    data = parse_yaml(text, path)
    lines = id_lines(text)
    fw = _validate(Framework, data, text, path, lines)
    fw._source_file = path
    line_of = _LineQueue(lines).take
    for st in fw.statements:
        set_lines(st, line_of(st.code))
        st.file = path
    if not fw.statements and not fw.includes:
        raise InputError("framework has no statements and includes none", file=path, line=1)
    statements = [*_included(fw, path, (*_including, path), text), *fw.statements]
    codes: dict[str, Statement] = {}
    for st in statements:
        if st.code in codes:
            other = codes[st.code].file
            also = f" (also in {other})" if other and other != st.file else ""
            raise InputError(
                f"duplicate statement code '{st.code}'{also}", file=st.file, line=st.line
            )
        codes[st.code] = st
    for code, reqs in fw.links.items():
        at = re.search(rf"^[ \t]+[\"']?{re.escape(code)}[\"']?[ \t]*:", text, re.MULTILINE)
        line = text.count("\n", 0, at.start()) + 1 if at else None
        for name in (code, *reqs):
            if name not in codes:
                _dangling(f"links: '{name}' is not a statement", name, codes, path, line)
        st = codes[code]
        codes[code] = st.model_copy(update={"requires": [*st.requires, *reqs]})
    fw.statements = list(codes.values())
    for st in fw.statements:
        for req in st.requires:
            if req not in codes:
                _dangling(
                    f"statement '{st.code}' requires '{req}', which is not in the framework",
                    req,
                    codes,
                    st.file,
                    st.line,
                )
    _check_framework_acyclic(fw, path)
    return fw


def _included(fw: Framework, path: str, chain: tuple[str, ...], text: str) -> list[Statement]:
    """Statements of the frameworks ``fw`` includes (each file once), in order."""
    from coherence.load import resolve_framework

    at = re.search(r"^includes:", text, re.MULTILINE)
    line = text.count("\n", 0, at.start()) + 1 if at else 1
    seen: dict[tuple[str, str], int] = {}
    out: list[Statement] = []
    for ref in fw.includes:
        try:
            inc = os.path.abspath(resolve_framework(ref, relative_to=path))
        except InputError as e:
            raise InputError(e.message, file=path, line=line) from None
        if inc in {os.path.abspath(c) for c in chain}:
            names = " -> ".join(os.path.basename(c) for c in (*chain, inc))
            raise InputError(f"framework includes itself: {names}", file=path, line=line)
        for st in load_yaml_framework(inc, chain).statements:
            key = (st.file or "", st.code)
            if key not in seen:
                seen[key] = len(out)
                out.append(st)
            else:  # one statement reached twice (a diamond): keep the links of both
                first = out[seen[key]]
                extra = [r for r in st.requires if r not in first.requires]
                out[seen[key]] = first.model_copy(update={"requires": first.requires + extra})
    return out


def _dangling(
    message: str, code: str, codes: dict[str, Statement], file: str | None, line: int | None
) -> NoReturn:
    from coherence.util import did_you_mean

    raise InputError(message + did_you_mean(code, list(codes)), file=file, line=line)


def _check_framework_acyclic(fw: Framework, path: str) -> None:
    from coherence.util import topological_order

    succ: dict[str, list[str]] = {s.code: [] for s in fw.statements}
    for s in fw.statements:
        for r in s.requires:
            succ.setdefault(r, []).append(s.code)
    if topological_order(succ) is not None:
        return
    import networkx as nx  # only to name one cycle

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
        file=first.file or path,
        line=first.line,
    )
