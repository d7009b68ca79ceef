"""Arguments read as words in usage and help: PATH..., ID, not {paths}..., {question_id}."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.terminal import COACH


def _coach(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed script: its help is Click's plain one (TYPER_USE_RICH=0)."""
    env = {k: v for k, v in os.environ.items() if k != "TYPER_USE_RICH"}
    return subprocess.run([COACH, *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize(
    ("command", "usage", "argument"),
    [
        (["score"], "coach score [OPTIONS] {PATH...}", "PATH..."),
        (["bank", "validate"], "coach bank validate [OPTIONS] {PATH...}", "PATH..."),
        (["show"], "coach show [OPTIONS] {ID}", "ID"),
        (["mock"], "coach mock [OPTIONS] [ID]", "[ID]"),
        (["drill"], "coach drill [OPTIONS] {PHASE} [ID]", "PHASE"),
        (["resume"], "coach resume [OPTIONS] [ID]", "[ID]"),
        (["export"], "coach export [OPTIONS] [ID]", "[ID]"),
        (["import"], "coach import [OPTIONS] {FILE}", "FILE"),
        (["rule"], "coach rule [OPTIONS] {CODE}", "CODE"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
@pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed")
def test_arguments_are_named_in_capitals(command: list[str], usage: str, argument: str) -> None:
    done = _coach(*command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith(f"Usage: {usage}\n")
    assert re.search(rf"^  {re.escape(argument.strip('[]'))}\s+\S", done.stdout, re.M)
    assert not re.search(r"\{[a-z_]+\}", done.stdout), done.stdout
