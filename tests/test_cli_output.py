"""The installed `coach` when its output cannot be written: a full disk, a closed pipe."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from coach.store import open_store
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
    return home


def _coach(home: Path, args: list[str], stdout: int) -> subprocess.CompletedProcess[bytes]:
    answer = home.parent / "answer.md"
    answer.write_text(ANSWER, encoding="utf-8")
    env = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1"}
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


def test_a_reader_that_stops_early_is_the_same(home: Path) -> None:
    """`coach questions --format json | head -1`: the pipe closes mid-output."""
    env = {**os.environ, "COACH_HOME": str(home)}
    done = subprocess.run(
        ["bash", "-c", f"'{COACH}' questions --format json | head -c 1; exit ${{PIPESTATUS[0]}}"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (141, b"[", b"")
