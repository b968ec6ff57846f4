"""Hostile inputs, generated on the fly (nothing large is committed)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Scheme" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"


def _cell(col: str, row: int, value: str) -> str:
    return f'<c r="{col}{row}" t="inlineStr"><is><t>{value}</t></is></c>'


def _rows(rows: Iterable[list[str]]) -> Iterable[bytes]:
    for r, values in enumerate(rows, 1):
        cells = "".join(_cell("ABCDEFGH"[i], r, v) for i, v in enumerate(values))
        yield f'<row r="{r}">{cells}</row>'.encode()


def _workbook(path: Path, sheet: Iterable[bytes]) -> Path:
    """A minimal one-sheet workbook whose sheet XML body is streamed from ``sheet``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(_SHEET_HEAD.encode())
            for chunk in sheet:
                f.write(chunk)
            f.write(_SHEET_TAIL.encode())
    return path


def _batched(chunks: Iterable[bytes], size: int = 10_000) -> Iterable[bytes]:
    batch: list[bytes] = []
    for c in chunks:
        batch.append(c)
        if len(batch) == size:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)


def xlsx(path: Path, rows: Iterable[list[str]]) -> Path:
    """A minimal workbook (inline strings, one sheet), streamed in batches of rows."""
    return _workbook(path, _batched(_rows(rows)))


def scheme_rows(n: int) -> Iterable[list[str]]:
    """A header and ``n`` valid step rows."""
    yield ["Year", "Term", "Unit", "Step"]
    for i in range(n):
        yield ["7", "Autumn 1", f"Unit {i // 10}", f"Step {i}"]


def xlsx_bomb(path: Path, megabytes: int) -> Path:
    """A workbook whose sheet is a header row then ``megabytes`` MB of blank padding.

    Whitespace inside ``sheetData`` compresses about 1000 times, so the file is small.
    """
    pad = b" " * (1024 * 1024)
    header = b"".join(_rows([["Year", "Term", "Unit", "Step"]]))
    return _workbook(path, [header, *(pad for _ in range(megabytes))])


def csv_rows(path: Path, n: int) -> Path:
    """A CSV with a header and ``n`` valid rows."""
    with path.open("w") as f:
        f.write("Year,Term,Unit,Step\n")
        for i in range(n):
            f.write(f"7,Autumn 1,Unit {i // 10},Step {i}\n")
    return path
