"""Headless Chromium driven over the DevTools protocol, for tests that look at a page in a
real browser.

Chromium starts once per test module with a new empty profile, the flags that keep it
off the network (no background services, no component updates, no sync), and
`--remote-debugging-port=0`; the tests talk to it over its websocket (aiohttp's client).
Pages are measured from outside with `Runtime.evaluate`: nothing is added to the page
under test, which has no script of its own. Viewport sizes and media (print, a dark or
light preference) are set with the `Emulation` domain, screenshots taken with
`Page.captureScreenshot`, and every request a page makes is recorded from the `Network`
domain.

In CI (`CI` set) a missing Chromium fails the tests that need it; elsewhere they are
skipped with the command that installs it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--mute-audio", "--remote-debugging-port=0",
)
# A guard against a browser that never answers, not a measure of speed.
PATIENCE = 30.0


def chromium_executable() -> str:
    """Chromium's path; skips the test (fails it in CI) when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed; .ci/run installs it (apt-get install -y chromium)")
    pytest.skip("Chromium is not installed (apt-get install -y chromium)")


class Browser:
    """One headless Chromium and the websocket to it."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.TemporaryDirectory(prefix="alignread-chromium-")
        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.loop = asyncio.new_event_loop()
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        try:
            self.loop.run_until_complete(self._connect(self._websocket_url()))
        except BaseException:
            self.close()
            raise

    def _websocket_url(self) -> str:
        # Chromium writes its port and browser path to DevToolsActivePort once it listens.
        active = Path(self.profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Chromium exited with status {self.process.returncode}")
            lines = active.read_text().split() if active.exists() else []
            if len(lines) >= 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            time.sleep(0.05)
        raise RuntimeError("Chromium did not open its DevTools port")

    async def _connect(self, url: str) -> None:
        self._http = aiohttp.ClientSession()
        self._ws = await self._http.ws_connect(url, max_msg_size=0)

    async def _send(self, method: str, params: dict[str, Any], session: str | None) -> dict[str, Any]:
        assert self._ws is not None
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        await self._ws.send_str(json.dumps(message))
        while True:
            reply = await self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    async def _receive(self) -> dict[str, Any]:
        assert self._ws is not None
        msg = await asyncio.wait_for(self._ws.receive(), PATIENCE)
        if msg.type != aiohttp.WSMsgType.TEXT:
            raise RuntimeError(f"the DevTools connection closed ({msg.type})")
        data = json.loads(msg.data)
        if "method" in data:
            self.events.append(data)
        return data

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """One DevTools command and its result."""
        return self.loop.run_until_complete(self._send(method, params or {}, session))

    def wait_for(self, method: str, session: str | None = None,
                 where: Callable[[dict[str, Any]], bool] = lambda params: True) -> dict[str, Any]:
        """The first event `method` (of `session`) that satisfies `where`, waiting for it."""
        async def wait() -> dict[str, Any]:
            seen = 0
            while True:
                for event in self.events[seen:]:
                    if event["method"] == method and event.get("sessionId") == session and where(event["params"]):
                        return event["params"]
                seen = len(self.events)
                await self._receive()

        return self.loop.run_until_complete(wait())

    def open(self, url: str, width: int, height: int = 900, media: str = "",
             color_scheme: str | None = None) -> Page:
        """A new tab of `width` x `height` CSS pixels showing `url`, loaded."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
        features = [{"name": "prefers-color-scheme", "value": color_scheme}] if color_scheme else []
        self.send("Emulation.setEmulatedMedia", {"media": media, "features": features}, session)
        page = Page(self, target, session, url)
        self.send("Page.navigate", {"url": url}, session)
        self.wait_for("Page.loadEventFired", session)
        return page

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if self._ws is not None:
                self.loop.run_until_complete(self._send("Browser.close", {}, None))
        with contextlib.suppress(Exception):
            if self._http is not None:
                self.loop.run_until_complete(self._http.close())
        try:
            self.process.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.loop.close()
        self.profile.cleanup()


class Page:
    """A tab of the browser."""

    def __init__(self, browser: Browser, target: str, session: str, url: str) -> None:
        self.browser, self.target, self.session, self.url = browser, target, session, url

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-like values only)."""
        result = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                         "awaitPromise": True}, self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, height: int | None = None) -> Path:
        """A PNG of the top of the page: the viewport, or `height` pixels of the page."""
        params: dict[str, Any] = {"format": "png"}
        if height is not None:
            width = self.evaluate("document.documentElement.clientWidth")
            params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": width, "height": height,
                                                            "scale": 1})
        data = self.browser.send("Page.captureScreenshot", params, self.session)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def requests(self) -> list[str]:
        """The URL of every request the page made."""
        return [e["params"]["request"]["url"] for e in self.browser.events
                if e["method"] == "Network.requestWillBeSent" and e.get("sessionId") == self.session]

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    browser = Browser(chromium_executable())
    try:
        yield browser
    finally:
        browser.close()


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) of a PNG, from its header."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
