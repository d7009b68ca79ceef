"""The browsing commands, run through Typer's CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coach import __version__
from tests.conftest import MINI_BANK
from tests.helpers import ANSI, app, coach_env, invoke

README = Path(__file__).resolve().parent.parent / "README.md"


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"coach {__version__}"


def _command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names.extend(f"{name} {sub}" for sub in subcommands)
        else:
            names.append(name)
    return names


@pytest.mark.parametrize("name", _command_names())
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name: str) -> None:
    result = invoke(*name.split(), "--help")
    assert result.exit_code == 0, result.output
    assert "Example: coach" in ANSI.sub("", result.stdout), f"`coach {name} --help` has no example"
    assert f"`coach {name}" in README.read_text(), f"`coach {name}` is missing from README.md"


def test_questions_json_lists_the_bank() -> None:
    result = invoke("questions", "--format", "json")
    assert result.exit_code == 0, result.output
    questions = json.loads(result.stdout)
    assert len(questions) >= 50
    assert {"id", "title", "category", "tags", "difficulty"} <= set(questions[0])


def test_questions_filters_combine() -> None:
    every = json.loads(invoke("questions", "-f", "json").stdout)
    hard_fraud = json.loads(
        invoke("questions", "-f", "json", "--category", "fraud", "--difficulty", "hard").stdout
    )
    assert hard_fraud, "the bank should have a hard fraud question"
    assert len(hard_fraud) < len(every)
    for q in hard_fraud:
        assert q["difficulty"] == "hard"
        assert q["category"] == "fraud" or "fraud" in q["tags"]


def test_questions_table_is_plain_when_piped() -> None:
    result = invoke("questions", "--category", "fraud")
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)
    assert "realtime-payment-fraud" in result.stdout


def test_show_hides_facts_unless_asked() -> None:
    plain = invoke("show", "video-recommendations")
    assert plain.exit_code == 0, plain.output
    assert "Problem clarification" in plain.stdout
    assert "5–10 min" in plain.stdout
    assert "clarify.goal" in plain.stdout
    assert "Interviewer facts are hidden" in plain.stdout
    with_facts = json.loads(invoke("show", "video-recommendations", "--facts", "-f", "json").stdout)
    assert len(with_facts["facts"]) >= 4
    assert "facts" not in json.loads(invoke("show", "video-recommendations", "-f", "json").stdout)


def test_unknown_question_suggests_the_closest_and_exits_2() -> None:
    result = invoke("show", "video-recomendations")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: no question 'video-recomendations'; did you mean 'video-recommendations'?"
    )
    assert "Traceback" not in result.output


def test_bank_validate_accepts_a_good_bank(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(MINI_BANK.replace("category: general", "category: fraud"))
    result = invoke("bank", "validate", str(bank))
    assert result.exit_code == 0, result.output
    assert "2 question(s)" in result.stdout


def test_bank_validate_lists_every_error_with_positions(tmp_path: Path) -> None:
    bank = tmp_path / "broken.yaml"
    bank.write_text(
        MINI_BANK.replace("category: general", "category: frod").replace(
            "difficulty: medium", "difficulty: medium\n    colour: red"
        )
    )
    other = tmp_path / "syntax.yaml"
    other.write_text("questions:\n  - id: [\n")
    result = invoke("bank", "validate", str(bank), str(other))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert f"error: {bank}:7:5: unknown key 'colour' in questions[0]" in lines
    assert any(line.startswith(f"error: {other}:3:1: ") for line in lines), lines
    assert "Traceback" not in result.output


def test_bank_validate_reports_a_clash_with_the_shipped_bank(tmp_path: Path) -> None:
    bank = tmp_path / "dup.yaml"
    bank.write_text(MINI_BANK.replace("id: video-recs", "id: video-recommendations"))
    result = invoke("bank", "validate", str(bank))
    assert result.exit_code == 2
    assert re.search(
        r"question id 'video-recommendations' is already defined at .*questions\.yaml:\d+:\d+",
        result.stderr,
    )


def test_a_broken_bank_option_is_a_clean_error(tmp_path: Path) -> None:
    bank = tmp_path / "bad.yaml"
    bank.write_text("questions: {oops\n")
    result = invoke("questions", "--bank", str(bank))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bank}:")
    assert "Traceback" not in result.output


def test_missing_bank_file_is_a_clean_error(tmp_path: Path) -> None:
    result = invoke("questions", "--bank", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "nope.yaml: no such file" in result.stderr


def test_a_filter_nothing_could_match_is_an_error_not_an_empty_list() -> None:
    wrong_level = invoke("questions", "--difficulty", "extreme")
    assert wrong_level.exit_code == 2
    assert wrong_level.stderr.strip() == "error: no difficulty 'extreme' (easy, hard, medium)"
    typo = invoke("questions", "--category", "recomendation", "-f", "json")
    assert typo.exit_code == 2
    assert (
        typo.stderr.strip() == "error: no category 'recomendation'; did you mean 'recommendation'?"
    )
    fine_but_empty = invoke("questions", "--category", "fraud", "--tag", "video", "-f", "json")
    assert fine_but_empty.exit_code == 0 and json.loads(fine_but_empty.stdout) == []


def test_a_billion_laughs_bank_fails_fast_with_one_located_line(tmp_path: Path) -> None:
    # run as a real process: before the fix it hung and grew past 370 MB
    import subprocess
    import sys

    from tests.test_content_loader import laughs

    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(laughs(9, "questions"))
    env = coach_env(tmp_path / "home")
    argv = [sys.executable, "-m", "coach"]
    run = subprocess.run(
        [*argv, "bank", "validate", str(bomb)], capture_output=True, text=True, env=env, timeout=60
    )
    assert run.returncode == 2
    assert (
        run.stderr
        == f"error: {bomb}:6:8: alias '*e' makes the file expand past 100,000 values; use fewer aliases\n"
    )
    # dropped into the banks folder, it stops every command with the same line, not a hang
    (tmp_path / "home" / "banks").mkdir(parents=True)
    bomb.rename(tmp_path / "home" / "banks" / "bomb.yaml")
    run = subprocess.run(
        [*argv, "rule", "MSD101"], capture_output=True, text=True, env=env, timeout=60
    )
    assert run.returncode == 2
    assert "bomb.yaml:6:8: alias '*e'" in run.stderr


def test_a_broken_user_bank_names_itself_and_says_how_to_get_unblocked(coach_home: Path) -> None:
    banks = coach_home / "banks"
    banks.mkdir(parents=True)
    bad = banks / "mine.yml"
    bad.write_text(
        MINI_BANK.split("  - id: fraud-scoring")[0]
        .replace("id: video-recs", "id: my-own")
        .replace("    title: Design video recommendations\n", "")
        .replace("difficulty: medium", "difficulty: extreme\n    title: [x]")
    )
    result = invoke("rule", "MSD101")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {bad}:5:17: questions[0].difficulty: Input should be 'easy', 'medium' or 'hard'"
        " (got 'extreme')",
        f"error: {bad}:6:12: questions[0].title: Input should be a valid string (got ['x'])",
        f"hint: every command loads the banks in {banks}; fix mine.yml or move it out of that folder",
    ]


def test_bank_validate_checks_a_file_given_twice_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("mine.yaml").write_text(MINI_BANK.replace("category: general", "category: fraud"))
    result = invoke("bank", "validate", "mine.yaml", "mine.yaml", "./mine.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 1 file(s), 2 question(s)\n"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("", "1:1"),
        ("# only a comment\n", "1:1"),
        ("categories: []\n", "1:1"),
        ("questions:\n", "1:11"),
        ("questions: ~\n", "1:12"),
        ("questions: []\n", "1:12"),
        ("questions: {}\n", "1:12"),
    ],
)
def test_a_bank_that_defines_no_question_is_an_error(tmp_path: Path, text: str, where: str) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text(text)
    for args in (["bank", "validate"], ["questions", "--bank"]):
        result = invoke(*args, str(empty))
        assert result.exit_code == 2, result.output
        assert result.stderr == (
            f"error: {empty}:{where}: defines no questions; a bank lists them under 'questions:'\n"
        )
    assert result.stdout == ""


def test_bank_validate_accepts_the_concept_format(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parent.parent / "data" / "concepts.yaml"
    result = invoke("bank", "validate", str(shipped))
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"ok: 1 file\(s\), 0 question\(s\), \d+ concept\(s\)\n", result.stdout)
    text = shipped.read_text()
    first, second = re.findall(r"^  - id: (\S+)$", text, re.MULTILINE)[:2]
    clash = tmp_path / "concepts.yaml"
    clash.write_text(text.replace(f"  - id: {second}\n", f"  - id: {first}\n"))
    result = invoke("bank", "validate", str(clash))
    assert result.exit_code == 2
    line = text.splitlines().index(f"  - id: {second}") + 1
    first_line = text.splitlines().index(f"  - id: {first}") + 1
    assert result.stderr == (
        f"error: {clash}:{line}:9: concept id '{first}' is already defined at line {first_line}\n"
    )


def test_a_question_with_no_fact_is_a_located_error(tmp_path: Path) -> None:
    """docs/content.md and the validator agree: the interviewer needs a fact to tell."""
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "questions:\n  - id: tiny-question\n    title: Design a tiny thing\n"
        "    prompt: Design it.\n    category: recommendation\n    difficulty: easy\n"
        "    facts: []\n"
    )
    result = invoke("bank", "validate", str(bank))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {bank}:2:5: ")
    assert "at least one fact" in result.stderr


@pytest.mark.parametrize("width", [60, 80])
def test_the_question_list_keeps_ids_whole_and_lines_clean_when_narrow(width: int) -> None:
    result = invoke("questions", width=width)
    lines = result.stdout.splitlines()
    every = json.loads(invoke("questions", "-f", "json").stdout)
    # every id on a line of its own, never cut or broken, and no line padded at its end
    listed = {line.split()[0] for line in lines if line.startswith("  ") and "·" in line}
    assert listed == {q["id"] for q in every}
    assert all(line == line.rstrip() for line in lines)
    assert len(lines) < 3 * len(every)  # was over 5 lines a question at 80 columns


def test_a_wide_question_list_is_one_table_row_a_question() -> None:
    result = invoke("questions", width=140)
    every = json.loads(invoke("questions", "-f", "json").stdout)
    rows = [
        line
        for line in result.stdout.splitlines()
        if line.split()[:1] in ([q["id"]] for q in every)
    ]
    assert len(rows) == len(every)
