"""Limits on the size and shape of input, checked before the expensive work.

A real scheme of learning is small: a whole key stage is a few hundred small
steps, and the largest synthetic scheme the benchmarks load (50,000 steps) is
about 8 MB of YAML. Files far beyond that are mistakes or attacks (a zip bomb,
an alias bomb, a million-row export); each limit turns one into a single line
naming the file, quickly and in bounded memory, instead of minutes of work and
a MemoryError. The limits are listed in the README ("Limits").

Every check here is cheap compared with what it protects: counting bytes,
newlines or zip directory entries, or one walk over an already-parsed tree.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from coherence.errors import InputError

#: Largest input file read at all (any format).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Most rows in a spreadsheet (CSV or the XLSX sheet read), blank rows included.
MAX_ROWS = 200_000
#: Most units in a scheme.
MAX_UNITS = 50_000
#: Most small steps plus prior-knowledge items in a scheme.
MAX_STEPS = 200_000
#: Most links in a scheme: requires, co-requisites and covers entries of every step and unit.
MAX_LINKS = 250_000
#: Most YAML items (list entries, mapping keys, scalars) a file may hold before parsing:
#: estimated from its separators, so a million-item flow list is refused unparsed.
MAX_YAML_ITEMS = 3_000_000
#: Largest whole number (in digits) anywhere in a scheme; years, terms and lessons are small.
MAX_NUMBER_DIGITS = 15
#: Most bytes an XLSX workbook may expand to (all its parts, uncompressed).
MAX_XLSX_UNCOMPRESSED = 256 * 1024 * 1024
#: Highest compression ratio of any one part above 1 MB (real sheets compress 5-20x).
MAX_XLSX_RATIO = 200
#: Most parts (files) inside an XLSX workbook.
MAX_XLSX_PARTS = 10_000
#: Highest term number in a Curricular Analytics plan (a degree is 8-12 terms).
MAX_TERM = 100

_MB = 1024 * 1024


def _count(n: int) -> str:
    return f"{n:,}"


def check_file_size(size: int, file: str) -> None:
    """Refuse a file larger than :data:`MAX_FILE_BYTES`.

    Examples
    --------
    >>> check_file_size(10, "s.yaml")
    >>> check_file_size(MAX_FILE_BYTES + 1, "s.yaml")
    Traceback (most recent call last):
    ...
    coherence.errors.InputError: s.yaml: the file is 64 MB; the limit is 64 MB (a scheme of ...
    """
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"the file is {_size(size)}; the limit is {_size(MAX_FILE_BYTES)} "
            "(a scheme of 50,000 steps is about 8 MB)",
            file=file,
        )


def _size(n: int) -> str:
    return f"{n / _MB:,.0f} MB" if n >= _MB else f"{n:,} bytes"


def check_row_count(data: bytes, file: str) -> None:
    """Refuse a CSV with more than :data:`MAX_ROWS` lines, before parsing it.

    Examples
    --------
    >>> check_row_count(b"Year,Term\\n7,1\\n", "s.csv")
    """
    rows = data.count(b"\n")
    if rows > MAX_ROWS:
        raise InputError(
            f"{_count(rows)} rows; the limit is {_count(MAX_ROWS)} (one row per small step)",
            file=file,
        )


def check_yaml_text(text: str, file: str) -> None:
    """Refuse YAML with more items than :data:`MAX_YAML_ITEMS`, before parsing it.

    Every item but the first needs a separator (a comma, a newline or a colon),
    so their count bounds the number of items the parser would build.

    Examples
    --------
    >>> check_yaml_text("name: x\\nunits: []\\n", "s.yaml")
    """
    estimate = text.count(",") + text.count("\n") + text.count(":")
    if estimate > MAX_YAML_ITEMS:
        raise InputError(
            f"too many YAML items (about {_count(estimate)}; the limit is "
            f"{_count(MAX_YAML_ITEMS)})",
            file=file,
        )


def _walk(data: Any) -> Iterator[tuple[tuple[int | str, ...], Any]]:
    """Every scalar in a parsed tree with its path, without recursion."""
    stack: list[tuple[tuple[int | str, ...], Any]] = [((), data)]
    seen: set[int] = set()
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict | list):
            if id(node) in seen:  # an alias: checked once
                continue
            seen.add(id(node))
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend(reversed([((*path, k), v) for k, v in items]))  # document order
        else:
            yield path, node


_TEXT_TYPES = frozenset({str, type(None)})


def _numbers_fine(data: Any) -> bool:
    """True when no scalar in a parsed tree is an unusable number: :func:`_walk`'s
    check without building every scalar's path (a third of loading a large scheme).

    Examples
    --------
    >>> _numbers_fine({"a": [1, "x", {"b": 2.5}]}), _numbers_fine([{"b": float("nan")}])
    (True, False)
    """
    if not isinstance(data, dict | list):
        return number_problem(data) is None
    stack = [data]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias: checked once
            continue
        seen.add(id(node))
        for value in node.values() if isinstance(node, dict) else node:
            kind = type(value)
            if kind is str or value is None:
                continue
            if kind is list and _TEXT_TYPES.issuperset(map(type, value)):  # ids or codes
                continue
            if kind is dict or kind is list or isinstance(value, dict | list):
                stack.append(value)
            elif number_problem(value) is not None:
                return False
    return True


def _describe(path: tuple[int | str, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


def number_problem(value: object) -> str | None:
    """Why a parsed number is unusable (too many digits, infinite, not a number), or None.

    Examples
    --------
    >>> number_problem(7), number_problem(10**40), number_problem(float("inf"))
    (None, 'a number with 41 digits (the limit is 15)', 'an infinite number')
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and abs(value) >= 10**MAX_NUMBER_DIGITS:
        bits = abs(value).bit_length()
        # str() of a very long int is refused (and slow): estimate from the bit length.
        exact = bits < 14_000
        digits = len(str(abs(value))) if exact else int((bits - 1) * math.log10(2)) + 1
        about = "" if exact else "about "
        return f"a number with {about}{digits:,} digits (the limit is {MAX_NUMBER_DIGITS})"
    if isinstance(value, float) and math.isinf(value):
        return "an infinite number"
    if isinstance(value, float) and math.isnan(value):
        return "not a number (NaN)"
    return None


_LINK_FIELDS = frozenset(
    {
        "requires",
        "covers",
        "corequires",
        "strict_corequires",
        "inferred_requires",
        "inferred_covers",
    }
)


def _links(item: dict[str, Any]) -> int:
    return sum(len(v) for k in item.keys() & _LINK_FIELDS if isinstance(v := item[k], list))


def _model_links(units: list[Any]) -> int:
    """The links of every unit and step of a validated scheme (the fields of :data:`_LINK_FIELDS`).

    Read as attributes, never through ``getattr`` with a default: pydantic's
    missing-attribute path (a unit has no co-requisites) is slow.
    """
    count = 0
    for u in units:
        count += len(u.requires) + len(u.covers) + len(u.inferred_requires)
        count += len(u.inferred_covers)
        for s in u.steps:
            count += len(s.requires) + len(s.covers) + len(s.corequires)
            count += len(s.strict_corequires) + len(s.inferred_requires) + len(s.inferred_covers)
    return count


def check_links(count: int, file: str) -> None:
    """Refuse more than :data:`MAX_LINKS` links (each one becomes a graph edge).

    Examples
    --------
    >>> check_links(MAX_LINKS, "s.yaml")
    """
    if count > MAX_LINKS:
        raise InputError(
            f"{_count(count)} prerequisite and coverage links; the limit is {_count(MAX_LINKS)}",
            file=file,
        )


def check_scheme_size(scheme: Any, file: str) -> None:
    """Check a loaded scheme (any format) against the unit, step and link limits.

    Called before the graph is built, whose size follows the links.

    Examples
    --------
    >>> from coherence.load import bundled_scheme_path, load_scheme
    >>> check_scheme_size(load_scheme(bundled_scheme_path()), "riverside-ks3.yaml")
    """
    units = list(scheme.units)
    if len(units) > MAX_UNITS:
        raise InputError(f"{_count(len(units))} units; the limit is {_count(MAX_UNITS)}", file=file)
    steps = sum(len(u.steps) for u in units) + len(scheme.prior)
    if steps > MAX_STEPS:
        raise InputError(
            f"{_count(steps)} steps and prior items; the limit is {_count(MAX_STEPS)}",
            file=file,
        )
    check_links(_model_links(units), file)


def check_scheme_tree(data: Any, file: str, text: str | None = None) -> None:
    """Check a parsed scheme (or framework) before validation: counts and numbers.

    Raises
    ------
    InputError
        More units or steps than the limits, or a number that is too large,
        infinite or NaN (named by its place in the file, e.g. ``units[0].year``).

    Examples
    --------
    >>> check_scheme_tree({"units": [{"id": "u", "year": 10**20}]}, "s.yaml")
    Traceback (most recent call last):
    ...
    coherence.errors.InputError: s.yaml: units[0].year: a number with 21 digits (the limit is 15)
    >>> tree = {"units": [{"id": "u", "lessons": 1e999}]}
    >>> check_scheme_tree(tree, "s.yaml", "a\\nlessons: .inf")
    Traceback (most recent call last):
    ...
    coherence.errors.InputError: s.yaml:2: units[0].lessons: an infinite number
    """
    if isinstance(data, dict):
        units = data.get("units")
        if isinstance(units, list) and len(units) > MAX_UNITS:
            raise InputError(
                f"{_count(len(units))} units; the limit is {_count(MAX_UNITS)}", file=file
            )
        unit_dicts = [u for u in units or () if isinstance(u, dict)]
        step_dicts = [
            st
            for u in unit_dicts
            if isinstance(u.get("steps"), list)
            for st in u["steps"]
            if isinstance(st, dict)
        ]
        steps = len(step_dicts)
        prior = data.get("prior")
        steps += len(prior) if isinstance(prior, list) else 0
        if steps > MAX_STEPS:
            raise InputError(
                f"{_count(steps)} steps and prior items; the limit is {_count(MAX_STEPS)}",
                file=file,
            )
        check_links(sum(map(_links, unit_dicts)) + sum(map(_links, step_dicts)), file)
    if _numbers_fine(data):
        return
    for path, value in _walk(data):
        problem = number_problem(value)
        if problem:
            line = _line_of(_LONG_NUMBER if isinstance(value, int) else _NOT_FINITE, text)
            raise InputError(f"{_describe(path)}: {problem}", file=file, line=line)


_LONG_NUMBER = re.compile(f"[0-9_]{{{MAX_NUMBER_DIGITS + 1},}}")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)\b")


def _line_of(pattern: re.Pattern[str], text: str | None) -> int | None:
    """The line of the first match of ``pattern`` in ``text`` (1-based), if any."""
    m = pattern.search(text) if text else None
    return text.count("\n", 0, m.start()) + 1 if text and m else None


def check_xlsx(data: bytes, file: str) -> None:
    """Check an XLSX workbook's zip directory (and its sheets' rows) before opening it.

    Refuses a workbook that would expand beyond :data:`MAX_XLSX_UNCOMPRESSED`,
    has a part compressed more than :data:`MAX_XLSX_RATIO` times (a zip bomb),
    more than :data:`MAX_XLSX_PARTS` parts, or a worksheet with more than
    :data:`MAX_ROWS` rows. Sheets are decompressed in chunks with a hard cap,
    so a directory that lies about sizes is caught too.

    Raises
    ------
    InputError
        Naming the file and what is too large.

    Examples
    --------
    >>> check_xlsx(b"PK\\x03\\x04 not really a zip", "s.xlsx")
    Traceback (most recent call last):
    ...
    coherence.errors.InputError: s.xlsx: not a readable XLSX workbook (File is not a zip file)
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(f"not a readable XLSX workbook ({e})", file=file) from None
    if len(infos) > MAX_XLSX_PARTS:
        raise InputError(
            f"the workbook has {_count(len(infos))} parts; the limit is {_count(MAX_XLSX_PARTS)}",
            file=file,
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise InputError(
            f"the workbook expands to {total // _MB:,} MB; the limit is "
            f"{MAX_XLSX_UNCOMPRESSED // _MB} MB (is it a zip bomb?)",
            file=file,
        )
    for info in infos:
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > _MB and ratio > MAX_XLSX_RATIO:
            raise InputError(
                f"part '{info.filename}' is compressed {ratio:,} times; the limit is "
                f"{MAX_XLSX_RATIO} (is it a zip bomb?)",
                file=file,
            )
    budget = MAX_XLSX_UNCOMPRESSED
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            budget = _check_sheet_rows(zf, info, budget, file)


def _check_sheet_rows(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, file: str) -> int:
    """Count a worksheet's rows by streaming it; returns the decompression budget left."""
    rows = 0
    tail = b""
    try:
        with zf.open(info) as f:
            while chunk := f.read(_MB):
                budget -= len(chunk)
                if budget < 0:
                    raise InputError(
                        f"the workbook expands beyond {MAX_XLSX_UNCOMPRESSED // _MB} MB; "
                        "the limit (is it a zip bomb?)",
                        file=file,
                    )
                block = tail + chunk
                rows += block.count(b"<row ") + block.count(b"<row>")
                tail = block[-5:]
                rows -= tail.count(b"<row ") + tail.count(b"<row>")
                if rows > MAX_ROWS:
                    raise InputError(
                        f"a worksheet has more than {_count(MAX_ROWS)} rows; that is the limit",
                        file=file,
                    )
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as e:
        raise InputError(f"not a readable XLSX workbook ({e})", file=file) from None
    return budget


def check_csv_quotes(text: str, delimiter: str, file: str) -> None:
    """Refuse a CSV whose quoted cell never closes, or swallows the rows after it.

    An unterminated quote makes a CSV reader run the rest of the file (or up to
    the next stray quote) into one cell, silently merging rows. A cell that
    runs to the end of the file, or holds a line that looks like a row of its
    own (as many delimiters as the header), is reported at the line it starts.

    Examples
    --------
    >>> check_csv_quotes('Year,Term\\n7,"ok\\nstill one cell"\\n', ",", "s.csv")
    >>> check_csv_quotes('Year,Term,Unit\\n7,"Autumn 1,U\\n8,Spring 1,V\\n', ",", "s.csv")
    Traceback (most recent call last):
    ...
    coherence.errors.InputError: s.csv:2: a quoted cell starts on this line and never closes...
    """
    if '"' not in text:
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    width = 0
    last = 0
    try:
        for record in reader:
            start, last = last + 1, reader.line_num
            if not width and any(c.strip() for c in record):
                width = len(record)
            if last > start:
                _check_multiline_record(record, start, width, delimiter, file)
    except csv.Error as e:
        if "end of data" not in str(e):
            if reader.line_num > last + 1:  # the record began lines earlier: an open quote
                raise InputError(
                    f"a quoted cell starts on this line and runs on to line {reader.line_num}"
                    f' ({e}); is a closing " missing?',
                    file=file,
                    line=last + 1,
                ) from None
            raise InputError(f"malformed CSV: {e}", file=file, line=reader.line_num) from None
        raise InputError(
            'a quoted cell starts on this line and never closes (is a closing " missing?);'
            " it would swallow the rows after it",
            file=file,
            line=last + 1,
        ) from None


def _check_multiline_record(
    record: list[str], start: int, width: int, delimiter: str, file: str
) -> None:
    for cell in record:
        for offset, line in enumerate(cell.split("\n")[1:], 1):
            if width > 1 and line.count(delimiter) >= width - 1:
                raise InputError(
                    f"a quoted cell swallows line {start + offset}, which looks like a row "
                    'of its own (is a closing " missing?)',
                    file=file,
                    line=start,
                )
