"""Standard output that fails the way a command-line tool should.

Left alone, Typer and rich each turn a broken pipe (`coach rules | head -1`)
into exit 1, which a script reads as "the answer has error-level findings",
and any other failed write (`coach score a.md > /dev/full`) into a traceback.
`run_guarded` runs the console script with a sys.stdout whose failed writes
raise OutputError, which neither of them intercepts, and ends the process
itself: quietly with 141 for a reader that went away, with one `error:` line
and exit 2 for anything else.
"""

from __future__ import annotations

import errno
import os
import sys

TYPE_CHECKING = False  # `coach --version` goes through here: no `typing` import (7 ms)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TextIO

__all__ = ["BROKEN_PIPE_EXIT", "OutputError", "run_guarded"]

# 128 + SIGPIPE: what the shell reports for any program whose reader went away
# (`yes | head -1`); not 1 (findings) nor 2 (a usage error), and `set -o pipefail`
# treats coach like grep or cat.
BROKEN_PIPE_EXIT = 141


class OutputError(Exception):
    """A write to stdout failed. Not an OSError: Typer and rich would catch that."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.strerror or str(cause))
        self.errno = cause.errno


class _Stdout:
    """sys.stdout, except that a failed write or flush raises OutputError."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise OutputError(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def run_guarded(main: Callable[[], None]) -> None:
    """Run the console script's `main`; a failed write to stdout ends it as described above."""
    if sys.stdout is None:  # started with stdout closed: print() writes nowhere
        main()
        return
    sys.stdout = _Stdout(sys.stdout)
    try:
        try:
            main()
        finally:
            sys.stdout.flush()  # what print() buffered fails here, not at shutdown
    except OutputError as exc:
        # The rest of the output goes to /dev/null (as the Python docs advise for
        # EPIPE), so the interpreter's own flush at exit cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        if exc.errno == errno.EPIPE:
            sys.exit(BROKEN_PIPE_EXIT)
        import contextlib

        with contextlib.suppress(OSError):  # stderr may be on the full disk too
            print(f"error: cannot write output: {exc}", file=sys.stderr)
        sys.exit(2)
