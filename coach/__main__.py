"""Entry point for the `coach` console script and `python -m coach`.

`coach --version` is answered before Typer is imported: it is the one call
people script in a loop, and it should take no longer than Python itself.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    from coach.output import run_guarded  # a full disk or a closed pipe: no traceback

    run_guarded(_main)


def _main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from coach import __version__

        print(f"coach {__version__}")
        return
    # Typer's rich help formatting costs ~80 ms on every --help; the plain
    # formatter says the same. TYPER_USE_RICH=1 brings the panels back.
    os.environ.setdefault("TYPER_USE_RICH", "0")
    from coach.cli import run

    # `coach --help`, plain `coach` and unknown words register every command.
    first = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else None
    run(first)


if __name__ == "__main__":
    main()
