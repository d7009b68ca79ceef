"""A damaged cache file is a miss: rebuilt and overwritten, never an error."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.cachefile import read_cached, write_cached
from tests.helpers import invoke

ANSWER = """\
## Clarify

The business goal is to cut churn among paying subscribers, measured monthly.

## Model

A gradient-boosted tree on account features, with logistic regression as the baseline.
"""


def _flip_high_bits(data: bytes) -> bytes:
    """Flip the top bit of every 97th byte of the second half: strings stop being UTF-8."""
    out = bytearray(data)
    for i in range(len(out) // 2, len(out), 97):
        out[i] ^= 0x80
    return bytes(out)


def _flip_one_letter(data: bytes) -> bytes:
    """The nastiest damage: the pickle still loads, with one letter of one string changed."""
    return data.replace(b"Design churn", b"Dasign churn")


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "last byte lost": lambda data: data[:-1],
    "high bits flipped": _flip_high_bits,
    "a letter changed": _flip_one_letter,
    "garbage": lambda data: bytes(range(256)) * 64,
    "another pickle": lambda data: pickle.dumps({"questions": []}),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_command_works_the_same_with_damaged_cache_files(
    coach_home: Path, tmp_path: Path, damage: str
) -> None:
    answer = tmp_path / "answer.md"
    answer.write_text(ANSWER, encoding="utf-8")
    args = ("score", str(answer), "-q", "customer-churn-prediction")
    clean = invoke(*args)
    assert clean.exit_code in (0, 1), clean.output
    files = sorted((coach_home / "cache").glob("*.pickle"))
    assert {f.name.split("-")[0] for f in files} == {"content", "compiled"}

    for f in files:
        f.write_bytes(DAMAGE[damage](f.read_bytes()))
    again = invoke(*args)
    assert again.exception is None or isinstance(again.exception, SystemExit), again.exception
    assert "Design churn prediction" in clean.stdout
    assert (again.exit_code, again.stdout, again.stderr) == (clean.exit_code, clean.stdout, "")
    # ... and each damaged file was rebuilt in place.
    assert sorted((coach_home / "cache").glob("*.pickle")) == files
    for f in files:
        assert read_cached(f, object) is not None, f.name


def test_any_flipped_byte_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "value.pickle"
    value = {"title": "Design churn prediction", "weights": [1.5, 2.0], "n": 10**12}
    write_cached(path, value)
    assert read_cached(path, dict) == value
    data = path.read_bytes()
    for i in range(len(data)):
        for bit in (0x01, 0x80):
            damaged = bytearray(data)
            damaged[i] ^= bit
            path.write_bytes(damaged)
            assert read_cached(path, dict) is None, (i, bit)


def test_the_file_layout_is_part_of_every_cache_file_name(
    coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that expects another layout (an older checkout sharing the cache
    folder) looks up other names, instead of misreading these files."""
    from coach import enginecache
    from coach.content import loader

    answer = tmp_path / "answer.md"
    answer.write_text(ANSWER, encoding="utf-8")
    cache = coach_home / "cache"

    def names() -> set[str]:
        for stale in cache.glob("*.pickle"):
            stale.unlink()
        assert invoke("score", str(answer)).exit_code in (0, 1)
        return {f.name for f in cache.glob("*.pickle")}

    now = names()
    monkeypatch.setattr(loader, "LAYOUT", 1)
    monkeypatch.setattr(enginecache, "LAYOUT", 1)
    before = names()
    assert now and before and not now & before
