"""`alignread serve`: the reader behind textual-serve, started as a user starts it.

The server runs as a process of its own on a free port of 127.0.0.1; the test reads the
line that says where to open it, fetches the page, opens the websocket a browser would
open and waits for the reader to draw the essay, then stops the server with ctrl+c.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from alignread.tui.serve import read_command
from tests.paths import ROOT

# Guards against a server that never answers, not measures of speed.
PATIENCE = 60.0
ESSAY = ROOT / "tests" / "data" / "word-of-mouth.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`alignread serve` in a process of its own, with its output collected."""

    def __init__(self, *args: str, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "alignread", "serve", *args], cwd=cwd, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.first_line = ""
        self.ready = threading.Event()
        self.stderr = ""
        threading.Thread(target=self._read_stdout, daemon=True).start()

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        self.first_line = self.process.stdout.readline().strip()
        self.ready.set()
        self.rest = self.process.stdout.read()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # ctrl+c
        try:
            _, self.stderr = self.process.communicate(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, self.stderr = self.process.communicate()
        return self.process.returncode


def processes_mentioning(text: str) -> list[str]:
    """Command lines of the running processes that contain `text` (Linux's /proc)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(cmdline)
    return found


async def tab(url: str, want: bytes, then) -> tuple[bytes, object]:
    """Open the websocket a browser tab opens, read what the reader draws until `want` is
    on it, then, with the tab still open, call `then` (in a thread) and return both. The
    tab goes on reading meanwhile, as a browser's does, so it answers the server's close."""
    received = b""
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        while want not in received:
            msg = await asyncio.wait_for(ws.receive(), PATIENCE)
            assert msg.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), f"closed early: {msg.type}"
            if msg.type == aiohttp.WSMsgType.BINARY:
                received += msg.data

        async def drain() -> None:
            while (await ws.receive()).type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                pass

        reading = asyncio.create_task(drain())
        result = await asyncio.to_thread(then)
        await asyncio.wait_for(reading, PATIENCE)  # the server closed the tab
        return received, result


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="checks for leftover processes through /proc")
def test_serve_answers_on_localhost_runs_the_reader_and_stops_cleanly(tmp_path):
    status: object = None
    essay = tmp_path / "word-of-mouth.yaml"
    shutil.copy(ESSAY, essay)
    port = free_port()
    served = Served("word-of-mouth.yaml", "--port", str(port), cwd=tmp_path)
    try:
        assert served.ready.wait(PATIENCE), "serve said nothing"
        url = f"http://127.0.0.1:{port}/"
        assert served.first_line == (f"alignread: serving the reader of word-of-mouth.yaml at {url} — "
                                     "open that address in a browser; ctrl+c stops")
        with urllib.request.urlopen(url, timeout=PATIENCE) as response:
            assert response.status == 200
            page = response.read().decode("utf-8")
        assert "<title>alignread word-of-mouth.yaml</title>" in page
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        # The page loads the app's script and everything else from this server only.
        assert f'<script src="{url}static/js/textual.js"></script>' in page
        addresses = re.findall(r"""(?:src|href|url)\s*[=(]\s*["']?((?:https?:)?//[^"')\s]+)""", page)
        assert addresses and all(a.startswith(url) for a in addresses), addresses
        for static in ("static/js/textual.js", "static/fonts/RobotoMono-VariableFont_wght.ttf"):
            with urllib.request.urlopen(url + static, timeout=PATIENCE) as response:
                assert response.status == 200 and len(response.read()) > 10_000

        # The first bead, in Indonesian: the bead table is drawn, not only the title bar.
        # Then ctrl+c while the tab is still open.
        want = b"Bagaimana Sebuah Kisah Menyebar"
        screen, status = asyncio.run(tab(f"ws://127.0.0.1:{port}/ws?width=120&height=30", want, served.stop))
        assert want in screen and b"How a Story Spreads" in screen
    finally:
        served.stop()
    assert status == 0, served.stderr
    assert "Traceback" not in served.stderr and "Error" not in served.stderr, served.stderr
    # The reader was told to quit when its tab went; it finishes on its own.
    deadline = time.monotonic() + PATIENCE
    while processes_mentioning(str(essay)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_mentioning(str(essay)) == [], "a reader was left running"


def test_serve_refuses_a_port_in_use_in_one_line(tmp_path):
    shutil.copy(ESSAY, tmp_path / "word-of-mouth.yaml")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "alignread", "serve", "word-of-mouth.yaml", "--port", str(port)],
            cwd=tmp_path, capture_output=True, text=True, timeout=PATIENCE, stdin=subprocess.DEVNULL,
        )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"alignread: error: 127.0.0.1:{port}: the port is in use; try another --port"]


def test_each_tab_runs_alignread_read_on_the_absolute_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    command = read_command(["essay yaml.yaml"], theme="textual-light", python="/usr/bin/python3")
    exec_ = "exec " if os.name == "posix" else ""
    assert command == (f"{exec_}/usr/bin/python3 -m alignread read '{tmp_path / 'essay yaml.yaml'}' "
                       "--theme textual-light")
