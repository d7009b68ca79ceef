"""A person at a terminal, for end-to-end tests: pexpect drives, pyte draws the screen.

pyte answers the cursor-position request (ESC[6n) that prompt_toolkit sends,
as a real terminal would, so the bottom toolbar renders like it does for users.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte

from tests.helpers import seed_cache

COACH = str(Path(sys.executable).with_name("coach"))
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07")
ESC_ENTER = "\x1b\r"
CTRL_C = "\x03"
CTRL_D = "\x04"


class Terminal:
    def __init__(
        self,
        *args: str,
        home: Path,
        cols: int = 110,
        rows: int = 45,
        redirect: Path | None = None,
        editor: str | None = None,
        pager: str | None = "cat",
    ) -> None:
        env = {**os.environ, "COACH_HOME": str(home), "TERM": "xterm-256color", "NO_COLOR": "1"}
        # A long report goes through a pager on a terminal; tests read it on the screen
        # unless they test the pager (pager=None: what a user without settings gets).
        for name in ("COACH_PAGER", "PAGER", "LESS"):
            env.pop(name, None)
        if pager is not None:
            env["COACH_PAGER"] = pager
        # The program sizes itself from the pseudo-terminal (cols x rows), as it would in a
        # real one: COLUMNS or LINES from the shell running the tests would override that.
        for name in ("VISUAL", "EDITOR", "COLUMNS", "LINES"):
            env.pop(name, None)
        if editor is not None:
            env["EDITOR"] = editor
        # The editor's file lives in TMPDIR; a test that kills coach mid-edit leaves it
        # there, so each test gets its own rather than leaving files in /tmp.
        env["TMPDIR"] = str(home / "tmp")
        (home / "tmp").mkdir(parents=True, exist_ok=True)
        seed_cache(home / "cache")  # start as every run after a user's first one does
        self.started = time.monotonic()
        program, argv = COACH, list(args)
        if redirect is not None:  # stdout to a file, as `coach ... > file` does
            program, argv = "/bin/sh", ["-c", 'exec "$0" "$@" > "$COACH_OUT"', COACH, *args]
            env["COACH_OUT"] = str(redirect)
        self.child = pexpect.spawn(
            program,
            argv,
            env=env,
            dimensions=(rows, cols),
            encoding="utf-8",
            codec_errors="replace",
        )
        self.screen = pyte.Screen(cols, rows)
        self.screen.write_process_input = self._reply
        self.stream = pyte.Stream(self.screen)
        self.raw = ""
        self._drawn = (-1, "")

    def _reply(self, data: str) -> None:
        if self.child.isalive():
            self.child.send(data)

    def pump(self, wait: float = 0.05) -> None:
        try:
            while True:
                chunk = self.child.read_nonblocking(65536, timeout=wait)
                self.raw += chunk
                self.stream.feed(chunk)
                wait = 0.01
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass

    @property
    def display(self) -> str:
        """The screen as text; drawn again only when there was new output (45 x 110
        cells take ~20 ms, and the waits below look at the screen every few ms)."""
        if self._drawn[0] != len(self.raw):
            self._drawn = (len(self.raw), "\n".join(line.rstrip() for line in self.screen.display))
        return self._drawn[1]

    @property
    def text(self) -> str:
        """Everything printed so far, without escape codes."""
        return ANSI.sub("", self.raw)

    def wait_for(self, needle: str, timeout: float = 15.0) -> float:
        """Seconds since launch when the text appeared on screen or in the output."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            if self._shows(needle):
                return time.monotonic() - self.started
            if not self.child.isalive():
                self.pump()
                if self._shows(needle):
                    return time.monotonic() - self.started
                break
        raise AssertionError(f"{needle!r} never appeared; screen:\n{self.display}")

    def _shows(self, needle: str) -> bool:
        # the printed text first: drawing the screen (45 x 110 cells) is the slow part
        return needle in self.text or needle in self.display

    def wait_until(self, done: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
        """Keep reading the output until `done()` holds (or the program has ended)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            if done():
                return
            if not self.child.isalive():
                break
        raise AssertionError(f"never {what}; screen:\n{self.display}")

    def type(self, keys: str) -> None:
        self.child.send(keys)
        self.pump(0.2)

    def toolbar_seconds(self) -> int | None:
        """The elapsed time shown in the bottom toolbar, in seconds."""
        for line in reversed(self.display.splitlines()):
            found = re.search(r"· (\d+):(\d\d) / ", line)
            if found:
                return int(found.group(1)) * 60 + int(found.group(2))
        return None

    def finish(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < deadline:
            self.pump(0.1)
        self.pump()
        self.child.close()
        status = self.child.exitstatus
        return status if status is not None else 128 + (self.child.signalstatus or 0)
