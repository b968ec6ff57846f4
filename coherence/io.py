"""Writing files safely: atomically, with ordinary permissions."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8"
) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder + rename).

    A reader never sees a half-written file and a crash never leaves the
    user's previous file truncated. A new file gets the usual permissions
    (0666 less the umask); an existing file keeps its own.

    Parameters
    ----------
    path : path-like
        Destination file.
    data : str or bytes
        Content; ``str`` is encoded with ``encoding``.
    encoding : str
        Text encoding, default UTF-8.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x.txt")
    >>> write_atomic(p, "hello")
    >>> open(p).read()
    'hello'
    """
    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
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
