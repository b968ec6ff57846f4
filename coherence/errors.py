"""The one error type every loader raises for bad input."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: a file the user gave us that we cannot use.

    The CLI prints ``str(error)`` as one line and exits 2; no traceback.

    Parameters
    ----------
    message : str
        What is wrong, in the user's terms.
    file : str, optional
        The file at fault.
    line, column : int, optional
        1-based position of the problem when known.
    cell : str, optional
        A spreadsheet cell reference such as ``"C7"``.

    Examples
    --------
    >>> str(InputError("duplicate id 'y7-a'", file="s.yaml", line=12))
    "s.yaml:12: duplicate id 'y7-a'"
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        cell: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())
        self.file = file
        self.line = line
        self.column = column
        self.cell = cell

    def __reduce__(self) -> tuple[object, ...]:
        # Keep file and line when the error crosses a process boundary (compare's workers).
        return (_rebuild, (self.message, self.file, self.line, self.column, self.cell))

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        where = self.file
        if self.cell:
            where += f":{self.cell}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


def _rebuild(
    message: str, file: str | None, line: int | None, column: int | None, cell: str | None
) -> InputError:
    return InputError(message, file=file, line=line, column=column, cell=cell)
