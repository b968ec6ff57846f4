"""Helpers shared by every loader: reading files safely and turning validation
errors into one-line :class:`~coherence.errors.InputError`s."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable

from pydantic import BaseModel, ValidationError

from coherence.errors import InputError
from coherence.io import describe_os_error
from coherence.load import limits
from coherence.model import PERIODS_PER_YEAR, Scheme, parse_term
from coherence.util import did_you_mean

Locator = Callable[[tuple[int | str, ...]], int | None]


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a whole input file: a regular file only, within the size limit.

    A named pipe, a device (``/dev/zero``, a terminal) or a folder is refused
    without reading it, so nothing hangs and nothing is read without end; the
    read itself is bounded, in case the file grows (or lies about its size).

    Parameters
    ----------
    path : path-like
        The file to read.

    Returns
    -------
    bytes
        The file's content.

    Raises
    ------
    InputError
        When the path is missing, not a regular file, unreadable, empty or too large.

    Examples
    --------
    >>> read_bytes("/dev/zero")
    Traceback (most recent call last):
    ...
    coherence.errors.InputError: /dev/zero: is a device, not a scheme file
    """
    name = os.fspath(path)
    try:
        # O_NONBLOCK: opening a named pipe never waits for a writer.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise InputError(_open_problem(e), file=name) from None
    try:
        kind = _not_regular(os.fstat(fd).st_mode)
        if kind:
            raise InputError(f"is {kind}, not a scheme file", file=name)
        limits.check_file_size(os.fstat(fd).st_size, name)
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(limits.MAX_FILE_BYTES + 1)
    except OSError as e:
        raise InputError(f"cannot read file: {describe_os_error(e)}", file=name) from None
    finally:
        os.close(fd)
    limits.check_file_size(len(data), name)
    if not data.strip():
        raise InputError("file is empty", file=name)
    return data


def _open_problem(e: OSError) -> str:
    if e.errno == errno.ENOENT:
        return "no such file"
    if e.errno == errno.EACCES:
        return "permission denied (cannot open the file or a folder on its path)"
    if e.errno == errno.EISDIR:
        return "is a directory, not a scheme file"
    return f"cannot open: {describe_os_error(e)}"


def _not_regular(mode: int) -> str | None:
    """What a non-regular file is, in words, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def decode_utf8(data: bytes, file: str) -> str:
    """Decode UTF-8 text (a BOM is dropped), naming the line of the first bad byte.

    Raises
    ------
    InputError
        When the bytes are not UTF-8.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as UTF-8",
            file=file,
            line=line,
        ) from None


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel]:
    """The pydantic model class that owns the last key of ``loc``."""
    current: type[BaseModel] = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            break
        ann = field.annotation
        args = getattr(ann, "__args__", ())
        inner = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if inner is None:
            break
        current = inner
    return current


def _describe(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_error(
    err: ValidationError, model: type[BaseModel], file: str, locate: Locator
) -> InputError:
    """Turn the first pydantic error into an :class:`InputError` with a line.

    Parameters
    ----------
    err : ValidationError
        The error pydantic raised.
    model : type
        The root model that was validated.
    file : str
        The source file name.
    locate : callable
        Maps a location path (as in ``err.errors()[0]["loc"]``) to a 1-based line.
    """
    errors = err.errors()
    # An unknown key usually explains a "missing" one (a misspelling): report it first.
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(first["loc"])
    where = _describe(loc)
    kind = first["type"]
    if kind == "extra_forbidden" and loc:
        owner = _model_at(model, loc)
        key = str(loc[-1])
        msg = f"unknown key '{key}' in {_describe(loc[:-1]) or 'the top level'}"
        msg += did_you_mean(key, list(owner.model_fields))
    elif kind == "missing":
        msg = f"missing required key '{loc[-1]}' in {_describe(loc[:-1]) or 'the top level'}"
    else:
        value = first.get("input")
        try:
            shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
        except ValueError:  # an int too long to convert to text
            shown = "a number too long to show"
        if len(shown) > 60:
            shown = shown[:57] + "..."
        msg = f"{where}: {first['msg']} (got {shown})"
    return InputError(msg, file=file, line=locate(loc))


def check_scheme(scheme: Scheme, file: str, locate: Locator | None = None) -> Scheme:
    """Checks that span items: unique ids and valid terms.

    ``locate`` (as for :func:`validation_error`) points a bad term at its own
    line; without it the unit's line is used.

    Raises
    ------
    InputError
        On a duplicate id or a bad term.
    """
    seen: dict[str, int | None] = {}
    # Ids are claimed one by one (to name the first duplicate) only when there is one.
    ids = [p.id for p in scheme.prior]
    for u in scheme.units:
        ids.append(u.id)
        ids += [s.id for s in u.steps]
    claims = len(set(ids)) < len(ids)

    def claim(item_id: str, line: int | None) -> None:
        if not claims:
            return
        if item_id in seen:
            first = seen[item_id]
            also = f" (first defined on line {first})" if first else ""
            raise InputError(f"duplicate id '{item_id}'{also}", file=file, line=line)
        seen[item_id] = line

    for p in scheme.prior:
        claim(p.id, p.line)
    per_year = PERIODS_PER_YEAR[scheme.system]
    for index, u in enumerate(scheme.units):
        claim(u.id, u.line)
        if u.term is not None:
            if scheme.system == "half-terms":
                try:
                    parse_term(u.term)
                except ValueError as e:
                    line = (locate(("units", index, "term")) if locate else None) or u.line
                    raise InputError(f"unit '{u.id}': {e}", file=file, line=line) from None
            elif not (isinstance(u.term, int) and 1 <= u.term <= per_year):
                line = (locate(("units", index, "term")) if locate else None) or u.line
                raise InputError(
                    f"unit '{u.id}': term {u.term!r} is not 1-{per_year}"
                    f" for a {scheme.system} system",
                    file=file,
                    line=line,
                )
        if claims:
            for s in u.steps:
                claim(s.id, s.line)
    return scheme


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A stable id from a title: lower case, runs of other characters become ``-``.

    Examples
    --------
    >>> slugify("Fractions, decimals & percentages")
    'fractions-decimals-percentages'
    """
    return _SLUG_RE.sub("-", text.lower()).strip("-") or "item"


def set_lines(obj: BaseModel, line: int | None) -> None:
    """Record the source line of a validated item."""
    obj.__dict__["line"] = line  # skip pydantic's __setattr__ machinery
