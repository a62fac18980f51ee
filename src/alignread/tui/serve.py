"""The reader in a browser: `alignread serve` runs `alignread read` behind textual-serve.

textual-serve answers on HOST:PORT with a page that draws a terminal in the browser
(xterm.js) and, for each browser tab that connects, starts `alignread read PATH` as a
process of its own whose screen and keys travel over a websocket. Closing the tab ends
that process; changes are saved as they are made, as in the terminal. Two tabs on one file
are two readers of it, as two terminals would be, under the reader's rules for a file that
changed meanwhile.

The page is textual-serve's own (`templates/app_index.html`), with a title and one change:
the Roboto Mono font comes from textual-serve's files rather than from Google Fonts, so the
page loads nothing from outside this machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import shlex
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import textual_serve.server
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from alignread.core.errors import AlignreadError
from alignread.tui.launch import plan


class _ReaderService(AppService):
    """A tab's reader process, waited for when the tab goes.

    textual-serve tells the process to quit and waits for its output to end, not for the
    process itself; one still exiting when the server stops is then reaped by a closed
    event loop, which complains on stderr. Waiting here (the reader saves as it goes, so
    this is quick) keeps the server's shutdown quiet.
    """

    async def stop(self) -> None:
        await super().stop()
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(asyncio.TimeoutError, ProcessLookupError):
                await asyncio.wait_for(process.wait(), timeout=10)


# textual-serve makes its AppService by this module-level name (pinned below 2, see pyproject).
textual_serve.server.AppService = _ReaderService  # type: ignore[misc]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TEMPLATES = Path(__file__).with_name("templates")


def read_command(inputs: Sequence[str], theme: str | None = None, python: str = sys.executable) -> str:
    """The shell command each browser tab runs: `alignread read` on `inputs`, as absolute
    paths. textual-serve runs it through a shell; `exec` makes the reader that shell's
    process instead of its child, one process per tab."""
    args = [python, "-m", "alignread", "read", *(str(Path(p).resolve()) for p in inputs)]
    if theme:
        args += ["--theme", theme]
    return ("exec " if os.name == "posix" else "") + shlex.join(args)


class ReaderServer(Server):
    """textual-serve's server running the reader, announcing itself in one line."""

    def __init__(self, inputs: Sequence[str], host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 theme: str | None = None, announce: Callable[[str], None] = print) -> None:
        self.inputs = tuple(inputs)
        super().__init__(read_command(inputs, theme), host=host, port=port,
                         title="alignread " + " ".join(Path(p).name or p for p in inputs), templates_path=TEMPLATES)
        self.announce = announce
        self.sessions: set[asyncio.Task] = set()  # one per open tab

    @property
    def url(self) -> str:
        return self.public_url + "/"

    def announcement(self) -> str:
        return (f"alignread: serving the reader of {' '.join(self.inputs)} at {self.url} — open that address "
                "in a browser; ctrl+c stops")

    async def on_startup(self, app: web.Application) -> None:
        # textual-serve prints its banner here; alignread says one line, once listening.
        pass

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A tab's session (its reader process), remembered while it lasts."""
        task = asyncio.current_task()
        assert task is not None
        self.sessions.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        # A tab left open would hold the server up until aiohttp's shutdown timeout (a
        # minute): end each session instead. textual-serve then tells its reader to quit
        # and waits for it; the reader's work is on disk already.
        tasks = list(self.sessions)
        for task in tasks:
            task.cancel()
        # Let each session finish closing its reader process while the loop still runs: a
        # process transport left for the garbage collector after the loop has closed
        # complains on stderr.
        if tasks:
            await asyncio.wait(tasks, timeout=5)

    def serve(self, debug: bool = False) -> None:
        """Answer until ctrl+c (or SIGTERM), saying where once the port is open.

        Server.serve, less its banner and request log, with the announcement made by
        aiohttp once it listens (textual-serve would print it before, and ignores aiohttp's
        hook); `_make_app` is textual-serve's, which is pinned below 2 for it.
        """
        self.debug = debug
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            # Not on Windows, nor outside the main thread.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.request_exit)
        try:
            web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                        print=lambda *_: self.announce(self.announcement()))
        finally:
            asyncio.set_event_loop(None)
            loop.close()


def serve(inputs: Sequence[str], host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, theme: str | None = None,
          announce: Callable[[str], None] = print) -> None:
    """Serve the reader of `inputs` (what `alignread read` takes) until interrupted.

    The inputs are checked first, so a missing file is a one-line error, not a page that
    fails in the browser.
    """
    plan(tuple(inputs))
    server = ReaderServer(inputs, host, port, theme, announce)
    try:
        server.serve()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise AlignreadError(f"{host}:{port}", "the port is in use; try another --port") from None
        raise AlignreadError(f"{host}:{port}", f"cannot serve there ({exc.strerror or exc})") from None
