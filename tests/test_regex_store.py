"""coach's own regexes are compiled once per install, and a bad store costs only time."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from coach.common import regex_store
from coach.common.regex_store import cached_regex

SOURCE = r"(?P<n>\d+)\s?ms\b"


@pytest.fixture
def fresh_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store as a new process finds it: not read yet, nothing compiled."""
    monkeypatch.setattr(regex_store, "_saved", None)
    monkeypatch.setattr(regex_store, "_fresh", {})
    monkeypatch.setattr("atexit.register", lambda f: None)


def no_compiling(*args: object) -> None:
    raise AssertionError("compiled instead of revived")


def test_a_pattern_compiled_once_is_revived_by_the_next_process(
    fresh_store: None, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cached_regex(SOURCE, re.IGNORECASE)
    regex_store._write()  # what the process does as it ends
    monkeypatch.setattr(regex_store, "_saved", None)
    monkeypatch.setattr(regex_store, "_fresh", {})
    monkeypatch.setattr(re, "compile", no_compiling)
    again = cached_regex(SOURCE, re.IGNORECASE)
    assert again.flags == first.flags and again.groupindex == first.groupindex
    assert again.search("in 200 MS").group("n") == "200"  # type: ignore[union-attr]


def test_a_damaged_store_only_means_compiling(fresh_store: None, coach_home: Path) -> None:
    cached_regex(SOURCE)
    regex_store._write()
    for stored in (coach_home / "cache").glob("regexes-*.pickle"):
        stored.write_bytes(stored.read_bytes()[:-10] + b"0123456789")
    regex_store._saved, regex_store._fresh = None, {}
    assert cached_regex(SOURCE).search("12 ms")


def test_a_second_run_of_the_engine_compiles_none_of_its_patterns(coach_home: Path) -> None:
    probe = (
        "import re, sys\n"
        "seen = []\n"
        "real = re._compile\n"
        "def spy(p, f):\n"
        "    caller = sys._getframe(2).f_code.co_filename\n"  # re.compile's caller
        "    if '/coach/' in caller: seen.append(p)\n"
        "    return real(p, f)\n"
        "re._compile = spy\n"
        "import coach.engine.grading\n"
        "from coach.engine.tokens import TOKEN\n"
        "assert TOKEN.findall('Hello a/b world') == ['Hello', 'a/b', 'world']\n"
        "print(len(seen))\n"
    )
    env = {"COACH_HOME": str(coach_home), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        )
        for _ in range(2)
    ]
    compiled_first, compiled_again = (int(run.stdout) for run in runs)
    assert (compiled_first > 20, compiled_again) == (True, 0)
