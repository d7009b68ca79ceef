"""Usage errors are one `error:` line, like every other coach error; metavars read as words."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.helpers import coach_env, invoke
from tests.terminal import COACH

USAGE_ERRORS = [
    (["score"], "error: missing argument 'PATH...' (see 'coach score --help')"),
    (
        ["score", "a.md", "--format", "yaml"],
        "error: invalid value for '--format' / '-f': 'yaml' is not one of 'text', 'concise',"
        " 'json', 'markdown' (see 'coach score --help')",
    ),
    (["score", "--bogus", "a.md"], "error: no such option: --bogus (see 'coach score --help')"),
    (["show"], "error: missing argument 'ID' (see 'coach show --help')"),
    (["drill"], "error: missing argument 'PHASE' (see 'coach drill --help')"),
    (["rule"], "error: missing argument 'CODE' (see 'coach rule --help')"),
    (["bank", "validate"], "error: missing argument 'PATH...' (see 'coach bank validate --help')"),
    (["bogus"], "error: no such command 'bogus' (see 'coach --help')"),
    (["--bogus"], "error: no such option: --bogus (see 'coach --help')"),
    (["score", "a.md", "-q"], "error: option '-q' requires an argument"),
]


@pytest.mark.parametrize(("args", "expected"), USAGE_ERRORS, ids=lambda v: " ".join(v))
def test_a_usage_error_is_one_line_and_exit_2(args: list[str], expected: str) -> None:
    result = invoke(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected + "\n")


def _coach(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed script: its help is Click's plain one (TYPER_USE_RICH=0)."""
    env = coach_env()
    env.pop("TYPER_USE_RICH", None)
    return subprocess.run([COACH, *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed")
def test_a_group_without_a_command_still_shows_its_help() -> None:
    done = _coach("bank")
    assert done.returncode == 2
    assert done.stderr.startswith("Usage: coach bank [OPTIONS] COMMAND [ARGS]...\n")
    assert "validate" in done.stderr


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
