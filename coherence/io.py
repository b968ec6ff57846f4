"""Writing output safely: files atomically, devices and pipes directly, stdout checked.

Every command that writes (``-o FILE`` or standard output) goes through
:func:`write_output`, so a full disk, a missing or unwritable folder, a name
the system refuses or a closed standard output is one line naming the target
(an :class:`~coherence.errors.InputError`, exit 2), never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from coherence.errors import InputError

#: Plain words for the errors a user can cause or fix; others use the system's message.
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ELOOP: "too many symbolic links",
    errno.EFBIG: "the file is too large for this file system",
}


def describe_os_error(e: OSError) -> str:
    """A short, plain reason for an operating-system error.

    Examples
    --------
    >>> import errno
    >>> describe_os_error(OSError(errno.ENOSPC, "No space left on device"))
    'the disk is full'
    """
    reason = _REASONS.get(e.errno or 0)
    if reason:
        return reason
    return str(e.strerror or e).lower()


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8"
) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder + rename).

    A reader never sees a half-written file and a crash never leaves the
    user's previous file truncated. A new file gets the usual permissions
    (0666 less the umask); an existing file keeps its own. A path that names
    something other than a regular file (``/dev/null``, a terminal, a named
    pipe) is written to directly, never renamed over; a symbolic link to a
    file has the file it points to replaced, the link kept.

    Parameters
    ----------
    path : path-like
        Destination file.
    data : str or bytes
        Content; ``str`` is encoded with ``encoding``.
    encoding : str
        Text encoding, default UTF-8.

    Raises
    ------
    OSError
        When the file cannot be written (the old content, if any, is kept).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x.txt")
    >>> write_atomic(p, "hello")
    >>> open(p).read()
    'hello'
    """
    payload = data.encode(encoding, errors="backslashreplace") if isinstance(data, str) else data
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(path, "wb") as f:  # a device or pipe: write to it, never replace it
            f.write(payload)
        return
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    if st is not None:
        mode = st.st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def stdout_is_terminal() -> bool:
    """True when standard output is open and is a terminal (colour and width apply)."""
    out = sys.stdout
    try:
        return out is not None and out.isatty()
    except ValueError:  # closed
        return False


def write_stdout(data: str | bytes) -> None:
    """Write to standard output and flush, turning failures into one-line errors.

    A broken pipe (``coherence audit | head``) is left to the caller, which ends quietly.

    Raises
    ------
    InputError
        When standard output is closed or cannot be written (a full disk, ``/dev/full``).
    """
    out = sys.stdout
    if out is None:
        raise InputError("cannot write the output: standard output is closed")
    try:
        if isinstance(data, bytes):
            out.flush()
            out.buffer.write(data)
        else:
            out.write(data)
        out.flush()
    except BrokenPipeError:
        raise
    except ValueError:
        raise InputError("cannot write the output: standard output is closed") from None
    except OSError as e:
        raise InputError(f"cannot write to standard output: {describe_os_error(e)}") from None


def write_output(data: str | bytes, path: str | None = None) -> None:
    """Write a command's output to ``path`` (atomically), or to standard output.

    Parameters
    ----------
    data : str or bytes
        The output.
    path : str, optional
        The file to write; ``None`` or ``"-"`` means standard output.

    Raises
    ------
    InputError
        One line naming the target when it cannot be written.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> write_output("hi", p)
    >>> open(p).read()
    'hi'
    >>> try:
    ...     write_output("x", os.path.join(p, "in-a-file.txt"))
    ... except InputError as e:
    ...     print(e.message)
    cannot write: a part of the path is not a folder
    """
    if path is None or path == "-":
        write_stdout(data)
        return
    try:
        write_atomic(path, data)
    except OSError as e:
        reason = describe_os_error(e)
        if e.errno == errno.ENOENT:
            folder = os.path.dirname(path) or "."
            reason = f"the folder '{folder}' does not exist"
        raise InputError(f"cannot write: {reason}", file=path) from None


def same_file(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` name the same file (or, when either is missing, the same path).

    Examples
    --------
    >>> same_file("x/../scheme.yaml", "scheme.yaml")
    True
    """
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
