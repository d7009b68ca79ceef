"""The installed `coach` when its output cannot be written: a full disk, a closed pipe."""

from __future__ import annotations

import fcntl
import os
import subprocess
from pathlib import Path

import pytest

from coach.store.db import open_store
from tests.helpers import coach_env, invoke, seed_cache
from tests.terminal import COACH
from tests.test_plan import practise

pytestmark = pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed")

ANSWER = "## Model\n\nWe will use a transformer for everything.\n"

# Each way coach writes to stdout: rich (score, rules), print (concise, markdown),
# json.dump (--format json), click (--help), the --version shortcut, a session export.
COMMANDS = [
    ["score", "{answer}"],
    ["score", "{answer}", "--format", "json"],
    ["score", "{answer}", "--format", "concise"],
    ["score", "{answer}", "--format", "markdown"],
    ["questions", "--format", "json"],
    ["rules"],
    ["export", "--last"],
    ["--help"],
    ["--version"],
]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    with open_store(home) as store:
        practise(store, "video-recommendations", "wrapup", "The trade-off is freshness.")
    seed_cache(home / "cache")
    return home


def _coach(home: Path, args: list[str], stdout: int) -> subprocess.CompletedProcess[bytes]:
    answer = home.parent / "answer.md"
    answer.write_text(ANSWER, encoding="utf-8")
    env = coach_env(home, NO_COLOR="1")
    argv = [COACH, *(a.replace("{answer}", str(answer)) for a in args)]
    return subprocess.run(argv, stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=60)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_disk_is_one_error_line_and_exit_2(home: Path, args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = _coach(home, args, full.fileno())
    assert done.stderr == b"error: cannot write output: No space left on device\n"
    assert done.returncode == 2


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_closed_pipe_ends_quietly_with_141(home: Path, args: list[str]) -> None:
    """141 as for any program whose reader went away; never 1, which means findings."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = _coach(home, args, write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, b"")


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="needs Linux pipe sizes")
def test_a_reader_that_stops_early_is_the_same(home: Path) -> None:
    """`coach questions --format json | head -c 1`: the pipe closes mid-output.

    The pipe holds one page, less than the output, so coach is still writing (or has
    not started) when the reader goes away, however the two processes are scheduled:
    with a pipe buffer that held the whole output, coach could finish first and exit 0.
    """
    output = invoke("questions", "--format", "json").stdout.encode()
    read, write = os.pipe()
    with os.fdopen(read, "rb", buffering=0) as reader:
        try:
            size = fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)
            assert len(output) > 2 * size  # else this test would race, as it once did
            child = subprocess.Popen(
                [COACH, "questions", "--format", "json"],
                stdout=write,
                stderr=subprocess.PIPE,
                env=coach_env(home),
            )
        finally:
            os.close(write)
        first = reader.read(1)
    _, stderr = child.communicate(timeout=60)
    assert (child.returncode, first, stderr) == (141, output[:1], b"")
