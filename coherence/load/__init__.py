"""Loaders: every input format becomes the same :class:`~coherence.model.Scheme`.

The format is detected from the content, not only the extension:
XLSX or a Word document (a zip), Curricular Analytics CSV (``Curriculum``/``Courses`` metadata or a
``Course ID`` header), a spreadsheet CSV (one row per small step) or YAML.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from coherence.errors import InputError
from coherence.load.common import decode_utf8, read_bytes
from coherence.load.limits import check_scheme_size
from coherence.model import Framework, Scheme
from coherence.util import paused_gc

__all__ = [
    "bundled_framework_ids",
    "bundled_scheme_path",
    "bundled_schemes",
    "detect_format",
    "file_format",
    "load_framework",
    "load_scheme",
    "resolve_framework",
    "resolve_scheme",
]

#: The example scheme ``coherence audit`` is shown on in the README.
DEFAULT_SCHEME = "riverside-ks3.yaml"


def _curricula() -> Path:
    return Path(str(resources.files("curricula")))


def bundled_scheme_path(name: str = DEFAULT_SCHEME) -> str:
    """Path of a scheme bundled with the package (found from an install too).

    Examples
    --------
    >>> bundled_scheme_path().endswith("riverside-ks3.yaml")
    True
    """
    return str(_curricula() / "schemes" / name)


def bundled_schemes() -> list[str]:
    """Paths of every bundled YAML scheme, sorted."""
    return sorted(str(p) for p in (_curricula() / "schemes").glob("*.yaml"))


def bundled_framework_ids() -> list[str]:
    """Ids of the bundled frameworks (file names without ``.yaml``)."""
    return sorted(p.stem for p in (_curricula() / "frameworks").glob("*.yaml"))


def detect_format(path: str, head: bytes) -> str:
    """Name the format of a file from its first bytes (and its extension).

    Returns
    -------
    str
        One of ``"xlsx"``, ``"docx"``, ``"ca-csv"``, ``"csv"``, ``"yaml"``.

    Raises
    ------
    InputError
        When the extension says XLSX or DOCX but the content is not a zip.

    Examples
    --------
    >>> detect_format("x.csv", b"Curriculum,CS\\nInstitution,U\\n")
    'ca-csv'
    """
    ext = os.path.splitext(path)[1].lower()
    if head.startswith(b"PK\x03\x04"):
        return "docx" if ext in (".docx", ".docm") else "xlsx"
    if ext in (".docx", ".docm"):
        raise InputError("claims to be a Word document but is not (not a zip/DOCX file)", file=path)
    if ext in (".xlsx", ".xlsm", ".xls"):
        raise InputError("claims to be an Excel file but is not (not a zip/XLSX file)", file=path)
    text = head[:4096].decode("utf-8-sig", errors="replace").lstrip().lower()
    first = text.split("\n", 1)[0]
    if first.startswith(("curriculum,", "curriculum;", '"curriculum"')) or (
        "course id" in first and "prerequisites" in first
    ):
        return "ca-csv"
    if ext in (".csv", ".tsv", ".txt"):
        return "csv"
    return "yaml"


def load_scheme(path: str | os.PathLike[str]) -> Scheme:
    """Load a scheme of learning from any supported file.

    Parameters
    ----------
    path : path-like
        A ``.yaml`` scheme, a spreadsheet (``.csv``/``.xlsx``: one row per
        small step or per unit, one sheet per year, or a long-term plan grid), a
        Word document with such tables (``.docx``) or a Curricular Analytics CSV.

    Returns
    -------
    Scheme
        The validated scheme; every item knows its source line.

    Raises
    ------
    InputError
        For any bad input, naming file and line.

    Examples
    --------
    >>> s = load_scheme(bundled_scheme_path())
    >>> len(s.units) > 0
    True
    """
    with paused_gc():
        path = resolve_scheme(str(path))
        scheme = _load_scheme(path)
    check_scheme_size(scheme, path)  # before anything sized by it (the graph) is built
    return scheme


def resolve_scheme(ref: str) -> str:
    """The file a scheme reference names: the path itself, or a bundled scheme's name.

    A path that exists wins; otherwise a bundled scheme's name (``oak-ks3``, with or
    without ``.yaml``) gives its bundled file. Anything else is returned unchanged
    (reading it then says "no such file").

    Examples
    --------
    >>> resolve_scheme("oak-ks3").endswith("oak-ks3.yaml")
    True
    >>> resolve_scheme("no/such/scheme.yaml")
    'no/such/scheme.yaml'
    """
    if os.path.exists(ref) or os.sep in ref or "/" in ref:
        return ref
    bundled = _curricula() / "schemes" / (ref if ref.endswith(".yaml") else f"{ref}.yaml")
    return str(bundled) if bundled.is_file() else ref


def _load_scheme(name: str) -> Scheme:
    from coherence.load.resolve import resolve_links

    return _note_unplaced(resolve_links(_read_scheme(name)))


def _note_unplaced(scheme: Scheme) -> Scheme:
    """Say which units have no teaching position, when others have one."""
    from coherence.model import LoadNote

    unplaced = [u.id for u in scheme.units if u.year is None or u.term is None]
    if unplaced and len(unplaced) < len(scheme.units):
        shown = ", ".join(unplaced[:3]) + (", ..." if len(unplaced) > 3 else "")
        scheme._notes.append(
            LoadNote(
                message=f"{len(unplaced)} unit(s) have no year or term ({shown}): the scheme's"
                " teaching positions are incomplete",
                file=scheme.source,
            )
        )
    return scheme


def file_format(path: str | os.PathLike[str], data: bytes | None = None) -> str:
    """The format :func:`load_scheme` reads a file as.

    Returns
    -------
    str
        One of ``"yaml"``, ``"csv"``, ``"xlsx"``, ``"docx"``, ``"ca-csv"``.

    Raises
    ------
    InputError
        When the file cannot be read or claims a format it does not have.

    Examples
    --------
    >>> file_format(bundled_scheme_path("riverside-ks3.xlsx"))
    'xlsx'
    """
    name = str(path)
    if data is None:
        data = read_bytes(name)
    fmt = detect_format(name, data[:8192])
    return "docx" if fmt == "xlsx" and _is_word(data) else fmt


def _read_scheme(name: str) -> Scheme:
    data = read_bytes(name)
    fmt = file_format(name, data)
    if fmt == "docx":
        from coherence.load.docx import load_docx_scheme

        return load_docx_scheme(name, data)
    if fmt == "xlsx":
        from coherence.load.spreadsheet import load_xlsx_scheme

        return load_xlsx_scheme(name, data)
    if fmt == "ca-csv":
        from coherence.load.curricular_analytics import load_ca_csv

        return load_ca_csv(name, data)
    if fmt == "csv":
        from coherence.load.spreadsheet import load_csv_scheme

        return load_csv_scheme(name, data)
    from coherence.load.yaml import load_yaml_scheme

    return load_yaml_scheme(name, decode_utf8(data, name))


def _is_word(data: bytes) -> bool:
    """True for a zip holding a Word document (whatever its file name says)."""
    import io
    import zipfile

    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def resolve_framework(ref: str, relative_to: str | None = None) -> str:
    """Turn a framework reference (a bundled id or a path) into a file path.

    Raises
    ------
    InputError
        When the reference names neither a bundled framework nor a file.
    """
    bundled = _curricula() / "frameworks" / f"{ref}.yaml"
    if bundled.is_file():
        return str(bundled)
    candidates = [Path(ref)]
    if relative_to and not Path(ref).is_absolute():
        candidates.insert(0, Path(relative_to).parent / ref)
    for c in candidates:
        if c.is_file():
            return str(c)
    from coherence.util import did_you_mean

    raise InputError(
        f"unknown framework '{ref}': not a bundled framework"
        f" ({', '.join(bundled_framework_ids())}) nor a file"
        + did_you_mean(ref, bundled_framework_ids()),
        file=relative_to,
    )


_FRAMEWORK_CACHE: dict[tuple[str, float], Framework] = {}


def load_framework(ref: str, relative_to: str | None = None) -> Framework:
    """Load a framework by bundled id (``england-ks3``) or path.

    Parameters
    ----------
    ref : str
        A bundled framework id or a file path.
    relative_to : str, optional
        The scheme file a relative path is resolved against.

    Returns
    -------
    Framework
        The validated framework (no duplicate codes, no dangling links, no cycles).

    Examples
    --------
    >>> load_framework("england-ks3").statements[0].stage  # doctest: +SKIP
    'KS3'
    """
    from coherence.load.yaml import load_yaml_framework

    path = resolve_framework(ref, relative_to)
    key = (os.path.abspath(path), os.path.getmtime(path))
    if key not in _FRAMEWORK_CACHE:
        fw = load_yaml_framework(path)
        if fw.id is None:
            fw.id = Path(path).stem
        _FRAMEWORK_CACHE[key] = fw
    return _FRAMEWORK_CACHE[key]
