"""Entry point for the `coach` console script and `python -m coach`.

`coach --version` is answered before Typer is imported: it is the one call
people script in a loop, and it should take no longer than Python itself.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from coach import __version__

        print(f"coach {__version__}")
        return
    from coach.cli import run

    run()


if __name__ == "__main__":
    main()
