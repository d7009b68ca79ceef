"""A damaged or foreign cache file is a miss: rebuilt and overwritten, never an error or run."""

from __future__ import annotations

import errno
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.common import files
from coach.common import signed_cache as cachefile
from coach.common.signed_cache import read_cached, write_cached
from tests.helpers import flat, invoke

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
    (coach_home / "cache").mkdir(
        mode=0o700, parents=True
    )  # unseeded: only the files this command uses
    clean = invoke(*args)
    assert clean.exit_code in (0, 1), clean.output
    files = sorted((coach_home / "cache").glob("*.pickle"))
    assert {f.name.split("-")[0] for f in files} == {"content", "matcher"}

    for f in files:  # a new file, as a crash mid-write would leave it (see helpers.seed_cache)
        damaged = DAMAGE[damage](f.read_bytes())
        f.unlink()
        f.write_bytes(damaged)
    again = invoke(*args)
    assert again.exception is None or isinstance(again.exception, SystemExit), again.exception
    assert "Design churn prediction" in flat(clean.stdout)
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
    from coach.content import loader
    from coach.engine import cache as enginecache

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


class _Runs:
    """A pickle that would create `marker` when unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.touch, (self.marker,))


def _score(tmp_path: Path) -> tuple[str, ...]:
    answer = tmp_path / "answer.md"
    answer.write_text(ANSWER, encoding="utf-8")
    return ("score", str(answer), "-q", "customer-churn-prediction")


def test_a_cache_file_not_signed_with_the_users_key_is_never_unpickled(
    coach_home: Path, tmp_path: Path
) -> None:
    args = _score(tmp_path)
    clean = invoke(*args)
    files = sorted((coach_home / "cache").glob("*.pickle"))
    assert files
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Runs(marker))
    for f in files:
        # signed the way the files of coach 0.1 were (an unkeyed digest), and with another key
        for key in (b"", b"k" * 32):
            f.unlink()  # a new file, not one written into (see helpers.seed_cache)
            f.write_bytes(hashlib.blake2b(payload, key=key, digest_size=32).digest() + payload)
            again = invoke(*args)
            assert (again.exit_code, again.stdout) == (clean.exit_code, clean.stdout)
            assert not marker.exists()


def test_the_home_the_cache_and_its_files_are_private(coach_home: Path, tmp_path: Path) -> None:
    assert invoke(*_score(tmp_path)).exit_code in (0, 1)
    cache = coach_home / "cache"
    made = [coach_home, cache, coach_home / "cache.key", *cache.iterdir()]
    assert len(made) > 3
    assert {p.name: os.stat(p).st_mode & 0o777 for p in made} == {
        p.name: 0o700 if p.is_dir() else 0o600 for p in made
    }


def test_a_key_others_could_read_is_replaced(coach_home: Path, tmp_path: Path) -> None:
    args = _score(tmp_path)
    assert invoke(*args).exit_code in (0, 1)
    key = coach_home / "cache.key"
    old = key.read_bytes()
    key.chmod(0o644)
    cachefile._keys.clear()  # a new process
    assert invoke(*args).exit_code in (0, 1)
    assert key.read_bytes() != old and os.stat(key).st_mode & 0o777 == 0o600


def test_a_cache_write_on_a_full_disk_leaves_no_temporary_file(
    coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = _score(tmp_path)
    clean = invoke(*args)
    for f in (coach_home / "cache").glob("*.pickle"):
        f.unlink()

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "write", full)
    for _ in range(3):
        again = invoke(*args)
        assert (again.exit_code, again.stdout) == (clean.exit_code, clean.stdout)
    assert sorted(p.name for p in (coach_home / "cache").iterdir()) == []


def test_the_cache_never_takes_the_last_of_a_disk(
    coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three `coach score` runs filled a 300 KB disk with cache files, and then the history
    had no room. On a disk with less than KEEP_FREE left, nothing is cached."""
    (coach_home / "cache").mkdir(parents=True)  # a first run: nothing cached yet
    args = _score(tmp_path)
    real = os.statvfs

    def nearly_full(path: object) -> os.statvfs_result:
        stats = list(real(path))  # type: ignore[arg-type]
        stats[4] = (cachefile.KEEP_FREE // stats[1]) // 2  # f_bavail: half of what is kept free
        return os.statvfs_result(stats)

    monkeypatch.setattr(cachefile.os, "statvfs", nearly_full)
    results = [invoke(*args) for _ in range(3)]
    assert {r.exit_code for r in results} <= {0, 1} and results[0].stdout == results[2].stdout
    assert list((coach_home / "cache").glob("*")) == []
    assert invoke("history").exit_code == 0
