"""Shell completion, as bash asks the installed `coach` for it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import coach_env
from tests.terminal import COACH

pytestmark = pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed")


def complete(tmp_path: Path, line: str) -> list[str]:
    words = line.split(" ")
    env = coach_env(
        tmp_path, COMP_WORDS=line, COMP_CWORD=str(len(words) - 1), _COACH_COMPLETE="complete_bash"
    )
    done = subprocess.run([COACH], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("coach sh", ["show"]),
        ("coach show video-rec", ["video-recommendations"]),
        ("coach drill ev", ["evaluate"]),
        ("coach mock --category fra", ["fraud"]),
        ("coach quiz --topic metr", ["metrics"]),
    ],
)
def test_commands_question_ids_phases_categories_and_topics_complete(
    tmp_path: Path, line: str, offered: list[str]
) -> None:
    assert complete(tmp_path, line) == offered


def test_completion_can_be_installed() -> None:
    help_text = subprocess.run(
        [COACH, "--help"], env=coach_env(), capture_output=True, text=True, timeout=60
    ).stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text
