"""Long output through a pager on a terminal, the way git does it.

A report can run to 150 lines; on a terminal it goes through `$COACH_PAGER`,
else `$PAGER`, else `less`, started with `LESS=FRX` unless the user set LESS:
output that fits on one screen is printed as it is (-F), colours pass (-R) and
what was shown stays on the screen after quitting (-X). Piped or redirected
output is never paged. `coach --no-pager`, `COACH_PAGER=cat` or an empty
COACH_PAGER turn it off; a pager that cannot be started prints the text instead.
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout, suppress
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["disable", "paged", "pager_command"]

_disabled = False


def disable() -> None:
    """`coach --no-pager`: print everything as it is, for this run."""
    global _disabled
    _disabled = True


def pager_command() -> list[str] | None:
    """The pager to run, or None when output is printed as it is."""
    if _disabled:
        return None
    chosen = os.environ.get("COACH_PAGER", os.environ.get("PAGER", "less"))
    try:
        argv = shlex.split(chosen)
    except ValueError:  # an unbalanced quote: no pager rather than a traceback
        return None
    return None if not argv or argv == ["cat"] else argv


@contextmanager
def paged(console: Console | None = None) -> Iterator[None]:
    """What the block prints (to `console`, or with print() to stdout), paged when
    it is bound for a terminal and taller than it."""
    argv = pager_command()
    terminal = console.is_terminal if console is not None else sys.stdout.isatty()
    if argv is None or not terminal:
        yield
        return
    if console is not None:
        capture = console.capture()
        try:
            with capture:
                yield
        finally:  # what was printed before a failure is shown too
            text = capture.get()
    else:
        buffer = io.StringIO()
        try:
            with redirect_stdout(buffer):
                yield
        finally:
            text = buffer.getvalue()
    _show(text, argv, console.file if console is not None else sys.stdout)


def _show(text: str, argv: list[str], out: IO[str]) -> None:
    if text.count("\n") < shutil.get_terminal_size().lines - 1 or not _run_pager(text, argv):
        out.write(text)
        out.flush()


def _run_pager(text: str, argv: list[str]) -> bool:
    env = {**os.environ}
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")  # lv, the other common pager, passes colours with -c
    sys.stdout.flush()
    try:
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    # Ctrl-C belongs to the pager while it runs, as with git: coach just waits for it.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        # BrokenPipeError: the reader quit before the end, which is what it wanted
        with suppress(BrokenPipeError), pager.stdin or io.BytesIO() as stdin:
            stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True
