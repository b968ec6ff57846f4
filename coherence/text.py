"""Untrusted text made safe to show: one sanitiser for every sink.

Scheme text (titles, ids, names, file names) may carry terminal control
sequences (ESC starts them; an OSC sequence can set a terminal's window
title), bidirectional overrides that reorder what a reader sees, or
characters XML cannot hold. :func:`printable` shows each of them as a visible
escape such as ``\\x1b`` or ``\\u202e``, so the text appears literally and
nothing in it acts on a terminal or breaks a document. Text reports, compare
reports, error messages, Markdown, HTML, SVG maps and the terminal UI all use it.
"""

from __future__ import annotations

import html
import re

# C0 controls, DEL and C1 controls (ESC and the 8-bit CSI 0x9b start terminal sequences);
# the Arabic letter mark, bidirectional marks, embeddings, overrides and isolates;
# the line and paragraph separators; lone surrogates; the noncharacters U+FFFE and U+FFFF.
_OTHER = (
    "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
)
_UNPRINTABLE = re.compile(f"[\x00-\x1f{_OTHER}]")
_UNPRINTABLE_KEEP_LINES = re.compile(f"[\x00-\x09\x0b-\x1f{_OTHER}]")


def _escape(c: str) -> str:
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _one_line(m: re.Match[str]) -> str:
    c = m.group()
    return " " if c in "\t\n\r" else _escape(c)


def printable(text: str) -> str:
    """Text made safe to show on one line of a terminal or document.

    Control characters (ESC, BEL, the 8-bit CSI, ...), bidirectional marks,
    overrides and isolates, line separators, lone surrogates and the
    noncharacters U+FFFE/U+FFFF are shown as escapes; tabs and newlines become
    spaces. Everything else (accents, symbols, other scripts) is kept.

    Parameters
    ----------
    text : str
        Untrusted text.

    Returns
    -------
    str
        The same text with every unsafe character made visible.

    Examples
    --------
    >>> printable("a\\x1b[2Jb\\nc")
    'a\\\\x1b[2Jb c'
    >>> printable("x\\u202ey π")
    'x\\\\u202ey π'
    """
    return _UNPRINTABLE.sub(_one_line, text)


def printable_lines(text: str) -> str:
    """As :func:`printable`, but newlines (``\\n``) are kept; ``\\r`` and tabs are shown.

    For multi-line labels (a Graphviz label wraps a long title over lines).

    Examples
    --------
    >>> printable_lines("a\\nb\\x07")
    'a\\nb\\\\x07'
    """
    return _UNPRINTABLE_KEEP_LINES.sub(lambda m: _escape(m.group()), text)


# What may stay raw in JSON text: JSON escapes C0 itself; these are C1, bidi, separators.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(json_text: str) -> str:
    """JSON text with C1 controls and bidirectional characters written as ``\\uXXXX``.

    Lossless: the characters can only occur inside JSON strings, where the
    escape means the same character, so a JSON reader sees the same data while
    a terminal showing the file sees nothing it would act on.

    Examples
    --------
    >>> import json
    >>> out = json_safe(json.dumps({"t": "a\\u202eb"}, ensure_ascii=False))
    >>> out, json.loads(out)["t"] == "a\\u202eb"
    ('{"t": "a\\\\u202eb"}', True)
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def shorten(text: str, width: int = 40) -> str:
    """Text cut to ``width`` characters with an ellipsis, for quoting a value in a message.

    Examples
    --------
    >>> shorten("9" * 50, 10)
    '999999999…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def escape_html(text: str, quote: bool = True) -> str:
    """Text for HTML or XML: unsafe characters made visible, then ``<&>"'`` escaped.

    The result always parses as XML 1.0 (which cannot hold most control
    characters even as references) and shows the text literally.

    Examples
    --------
    >>> escape_html("<b>\x07</b>")
    '&lt;b&gt;\\\\x07&lt;/b&gt;'
    """
    return html.escape(printable(text), quote=quote)
