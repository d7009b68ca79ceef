"""Small helpers shared by tests."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import typer.main
import typer.testing
from typer.testing import CliRunner

from coach.cli import full_app
from coach.common.files import private_dir
from coach.engine import compiled

app = full_app()

# Typer's CliRunner turns the app into a Click command on every invoke, inspecting the
# parameters of all seventeen commands each time (~50 ms, a third of a typical test).
# The console script builds its command once per process; so do the tests.
_COMMAND = typer.main.get_command(app)


def _command_of(typer_app: typer.Typer) -> Any:
    return _COMMAND if typer_app is app else typer.main.get_command(typer_app)


assert typer.testing._get_command is typer.main.get_command  # what is replaced
typer.testing._get_command = _command_of  # type: ignore[assignment]

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

# The console width every in-process command and every `coach` subprocess renders at,
# whatever terminal (or none) runs the tests: rich and shutil read COLUMNS first.
# Assertions read normalised text (`flat`) or structured output, never line breaks;
# a test whose subject is wrapping passes its own width.
WIDTH = 100


def invoke(  # type: ignore[no-untyped-def]
    *args: str,
    stdin: str | bytes | None = None,
    obj: Any = None,
    width: int = WIDTH,
    home: Path | None = None,
):
    """Run the CLI in-process at a fixed console width; stdout and stderr are kept apart.

    `home` is the COACH_HOME for this one command. Like the process of a real
    command, it leaves nothing of what it compiled behind:
    the engine remembers the compiled rubric of every library it has seen (one per
    process, for `coach`), and the libraries of hundreds of commands made every full
    garbage collection of a test run walk ~5 million objects (two thirds of its time).
    """
    env = {"COLUMNS": str(width), "LINES": None}
    if home is not None:
        env["COACH_HOME"] = str(home)
    seen = getattr(compiled, "_compiled", {})
    before = set(seen)
    try:
        return CliRunner().invoke(app, list(args), input=stdin, obj=obj, env=env)
    finally:
        for key in set(seen) - before:
            del seen[key]


def coach_env(home: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment for a `coach` subprocess: this one's, at the fixed width."""
    env = {k: v for k, v in os.environ.items() if k != "LINES"}
    env["COLUMNS"] = str(WIDTH)
    if home is not None:
        env["COACH_HOME"] = str(home)
    env.update(extra)
    return env


def flat(text: str) -> str:
    """Text without colour codes and with every run of whitespace made one space: what
    a reader sees whatever the width it was wrapped at."""
    return " ".join(ANSI.sub("", text).split())


def unwrapped(text: str) -> str:
    """Text with no whitespace at all: for strings that a narrow console may break
    anywhere, even inside a word (a long path is folded where the line ends)."""
    return "".join(ANSI.sub("", text).split())


# The cache files of the shipped rubric and bank, built once per test process
# by conftest's `shipped_cache` fixture (each xdist worker builds its own).
SHIPPED_CACHE: Path | None = None


def seed_cache(folder: Path) -> None:
    """Give a cache folder that does not exist yet the shipped content's cache files.

    The files are the ones coach itself writes on a first run, so a command then starts
    as it does on every run after a user's first: without them, every command in every
    test would compile the rubric again (~0.8 s). A folder that exists is left as it is,
    so a test that empties it gets a cold cache.

    The files are hard links: 0.6 MB copied for each of ~400 tests, and deleted again
    when pytest prunes old runs, cost seconds of I/O a run. coach only ever replaces a
    cache file (write_cached renames a new one over it), never writes into one; a test
    that damages one must do the same (conftest checks that none was written into).
    """
    if SHIPPED_CACHE is None or folder.exists():
        return
    # The cache files are signed with the key of the home that wrote them (see
    # coach.common.signed_cache): the test's home gets a copy of it, private as coach makes it.
    private_dir(folder)
    key = folder.parent / "cache.key"  # paths.cache_key_file() of the home the folder is in
    if not key.exists():  # a copy: tests chmod the key, which a link would share
        shutil.copyfile(SHIPPED_CACHE.parent / "cache.key", key)
        key.chmod(0o600)
    for cached in SHIPPED_CACHE.iterdir():
        try:
            os.link(cached, folder / cached.name)
        except OSError:  # another file system
            shutil.copyfile(cached, folder / cached.name)


def cache_stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's size and modification time: what writing into it would change."""
    return {f.name: (f.stat().st_size, f.stat().st_mtime_ns) for f in folder.iterdir()}
