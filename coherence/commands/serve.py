"""``coherence serve``: the explorer in a web browser, for a workshop room.

The same Textual app as ``coherence explore`` runs behind textual-serve; each
browser tab gets its own copy of the app. The page loads nothing from outside
the machine: textual-serve's own page asks Google's servers for a font, so a
copy of that page with the bundled font is served instead.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
import tempfile
from pathlib import Path
from typing import Any

from coherence.commands._common import add_scheme_argument

NAME = "serve"
ORDER = 36
HELP = "open the explorer in a web browser (workshop mode)"
DESCRIPTION = """Serve the explorer as a web page, so a group can use it on a projector or on
their own laptops with nothing installed but a browser. Everyone who opens the page can edit
and save the scheme. Listens on 127.0.0.1 (this machine only) unless --host says otherwise.
--font-size makes the text larger for a projector (a page address can also say ?fontsize=N).
Each browser tab has its own copy of the scheme: a save never overwrites another tab's save
(the second is refused until that tab reloads)."""

LOCAL = ("127.0.0.1", "localhost", "::1")
_OUTSIDE_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>")
_LOCAL_FONT = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf");
      }
    </style>"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``serve``."""
    add_scheme_argument(p)
    p.add_argument(
        "--config", metavar="C", help="audit config (default: coherence.toml beside PATH)"
    )
    p.add_argument("--port", type=int, default=8000, metavar="N", help="port (default 8000)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="H",
        help="address to listen on (default 127.0.0.1: this machine only; "
        "0.0.0.0 lets anyone on the network open and edit)",
    )
    p.add_argument(
        "--font-size",
        type=int,
        default=None,
        metavar="N",
        help="text size in pixels (default 16; 24-32 for a projector)",
    )


def local_template(folder: Path) -> Path:
    """Write textual-serve's page with the bundled font instead of Google's; return the folder.

    Raises
    ------
    RuntimeError
        When textual-serve's page no longer has the font link this replaces (a new
        version): better to stop than to serve a page that calls outside.
    """
    import textual_serve

    page = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    text = page.read_text(encoding="utf-8")
    out, found = _OUTSIDE_FONT.subn(lambda _: _LOCAL_FONT, text)
    if not found:
        raise RuntimeError(f"unexpected textual-serve page {page}: check it for outside links")
    if "https://" in out.replace('xmlns="http://www.w3.org/2000/svg"', ""):
        raise RuntimeError(f"textual-serve page {page} still links outside the machine")
    (folder / "app_index.html").write_text(out, encoding="utf-8")
    return folder


def command_line(args: argparse.Namespace) -> str:
    """The shell command each browser session runs: ``coherence explore`` on the same file.

    Examples
    --------
    >>> ns = argparse.Namespace(path="my scheme.yaml", framework=None, config=None)
    >>> command_line(ns).endswith("-m coherence explore 'my scheme.yaml'")
    True
    """
    argv = [sys.executable, "-m", "coherence", "explore"]
    if args.path:
        argv.append(str(Path(args.path).resolve()) if Path(args.path).exists() else args.path)
    if args.framework:
        argv += ["--framework", args.framework]
    if args.config:
        argv += ["--config", str(Path(args.config).resolve())]
    return shlex.join(argv)


def run(args: argparse.Namespace) -> int:
    """Check the scheme loads, then serve until Ctrl+C."""
    from aiohttp import web
    from textual_serve.server import Server

    from coherence.edit import EditSession

    session = EditSession(args.path, args.framework, args.config)  # bad input: exit 2 here
    font_size: int | None = args.font_size
    if font_size is not None and not 6 <= font_size <= 96:
        print("coherence serve: error: --font-size must be between 6 and 96", file=sys.stderr)
        return 2

    class LocalServer(Server):
        async def handle_index(self, request: web.Request) -> Any:
            # Links in the page name the address the browser used, not the one
            # listened on (0.0.0.0 is no address a laptop can reach).
            if font_size is not None and "fontsize" not in request.query:
                raise web.HTTPFound(f"{request.path}?fontsize={font_size}")
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

    if args.host not in LOCAL:
        print(
            f"warning: listening on {args.host}: anyone on the network who can reach this "
            f"machine on port {args.port} can open the page and edit and save "
            f"{session.path}",
            file=sys.stderr,
        )
    with tempfile.TemporaryDirectory(prefix="coherence-serve-") as folder:
        server = LocalServer(
            command_line(args),
            host=args.host,
            port=args.port,
            title=f"coherence · {session.scheme.name}",
            templates_path=str(local_template(Path(folder))),
        )
        print(f"Open http://{args.host}:{args.port} in a browser (Ctrl+C to stop).", flush=True)
        server.serve()
    return 0
