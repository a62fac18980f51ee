"""The reader killed (SIGKILL) while it saves: the file is whole, and every change whose save
it had acknowledged is in it. The reader's terminal closed under it (a real hang-up): it
ends cleanly, its work on disk."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from reader_helpers import CONCEPTS, DATA

from alignread.store import pairfile

# Runs the reader (headless, as the Pilot does) on a file and tags one bead after another;
# each time the reader says a change is saved, prints `saved K`, and goes straight on to
# the next change, so that a save is in flight most of the time.
DRIVER = r"""
import asyncio, sys
from alignread.core import annotate
from alignread.store.corpus import load_concepts
from alignread.tui.app import AlignreadApp
from alignread.tui.launch import OpenFile

path, concepts = sys.argv[1], sys.argv[2]
trust = next(c for c in load_concepts(concepts) if c.id == "trust")

async def main():
    app = AlignreadApp(OpenFile(__import__("pathlib").Path(path)), concepts_file=concepts)
    async with app.run_test(size=(100, 30)) as pilot:
        while not (hasattr(app.screen, "session") and app.screen.is_mounted and app.screen.query("#info")):
            await pilot.pause(0.02)
        await pilot.pause(0.05)
        reader = app.screen
        reader.apply(annotate.add_concept(reader.pair, trust), "concept")
        for k in range(len(reader.pair.beads)):
            reader.apply(annotate.tag_bead(reader.pair, k, ["trust"]), f"tag {k}")
            while reader.unsaved:
                await pilot.pause(0.005)
            print(f"saved {k}", flush=True)
        await asyncio.sleep(60)

asyncio.run(main())
"""


@pytest.mark.parametrize("after", [2, 6, 11])
def test_a_reader_killed_mid_save_leaves_a_whole_file_with_every_saved_change(tmp_path, after):
    path = tmp_path / "word-of-mouth.yaml"
    shutil.copy(DATA / "word-of-mouth.yaml", path)
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(path), str(CONCEPTS)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stdout is not None
    acknowledged = -1
    deadline = time.monotonic() + 60
    try:
        while acknowledged < after and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            acknowledged = int(line.split()[1])
        time.sleep(0.002 * after)  # somewhere in the next save
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert acknowledged >= after, proc.stderr.read() if proc.stderr else ""
    pair = pairfile.load(path)  # whole: the old version or a newer one, never half of one
    tagged = {pair.bead_of("en", a.en[0]) if a.en else pair.bead_of("id", a.ind[0]) for a in pair.annotations}
    assert set(range(acknowledged + 1)) <= tagged  # every change said to be saved is there
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp") and
                p.name.split(".")[-2] != str(proc.pid)], "a temporary file of another process"


def test_a_terminal_closed_under_the_reader_ends_it_cleanly_with_its_work_saved(tmp_path):
    """`alignread read` in a real terminal (a pseudo-terminal it controls), a tag typed, then
    the terminal closed: the kernel hangs the terminal up (SIGHUP), and the reader ends as
    if asked to (exit status 0, its work on disk), not killed where it stands."""
    import fcntl
    import select
    import struct
    import termios
    import threading

    path = tmp_path / "word-of-mouth.yaml"
    shutil.copy(DATA / "word-of-mouth.yaml", path)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env["TERM"] = "xterm-256color"
    proc = subprocess.Popen(
        [sys.executable, "-m", "alignread", "read", str(path), "--concepts", str(CONCEPTS)],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
        # The terminal becomes the reader's controlling terminal, as a terminal window's is.
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
    )
    os.close(slave)
    screen = bytearray()
    closing = threading.Event()

    def read_the_screen():  # and close the terminal when told (not under a blocked read)
        while not closing.is_set():
            if select.select([master], [], [], 0.05)[0]:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    break
                if not data:
                    break
                screen.extend(data)
        os.close(master)

    reader = threading.Thread(target=read_the_screen, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while b"Getok" not in screen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert b"Getok" in screen, "the reader did not show the document"
        time.sleep(0.3)
        for keys in (b"t", b"trust", b"\r"):
            os.write(master, keys)
            time.sleep(0.3)
        deadline = time.monotonic() + 30
        while not pairfile.load(path).annotations and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [a.concepts for a in pairfile.load(path).annotations] == [("trust",)]
        closing.set()  # the terminal window is closed
        reader.join(10)
        status = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert status == 0, f"the reader ended with status {status} (-{signal.SIGHUP} is killed by the hang-up)"
    assert b"Traceback" not in screen
    assert [a.concepts for a in pairfile.load(path).annotations] == [("trust",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["word-of-mouth.yaml"]
