"""`coach bank validate` on the shapes a course author writes: huge numbers, empty files,
duplicate keys (the fast loader must keep every check), shipped ids replaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach import paths
from coach.content.yamlio import parse_yaml
from coach.errors import ContentError
from tests.conftest import MINI_BANK
from tests.helpers import invoke

HUGE = "1" * 5000


def refused(*args: str) -> list[str]:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == ""
    return str(result.stderr).splitlines()


def problems_of(text: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, "f.yaml")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"a: {HUGE}\n", "1:4"),
        (f"a: [1, -{HUGE}]\n", "1:8"),
        (f"a: !!int '{HUGE}'\n", "1:4"),
        (f"a: &x {{b: {HUGE}}}\nc:\n  <<: *x\n", "1:11"),
    ],
)
def test_a_huge_integer_is_one_located_problem(text: str, where: str) -> None:
    assert problems_of(text) == [f"f.yaml:{where}: a number with more than 4300 digits"]


def test_a_huge_budget_in_a_rubric_is_located(tmp_path: Path) -> None:
    rubric = paths.shipped_data("rubrics.yaml").read_text()
    line = next(n for n, text in enumerate(rubric.splitlines(), 1) if "max_minutes:" in text)
    mine = tmp_path / "rubric.yaml"
    mine.write_text(rubric.replace("max_minutes: ", f"max_minutes: {HUGE} #", 1))
    (message,) = refused("bank", "validate", str(mine))
    assert message.startswith(f"error: {mine}:{line}:") and "more than 4300 digits" in message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "f.yaml:3:1: duplicate key 'a' (first at line 1)"),
        (
            "b: &x {a: 1}\nc:\n  <<: *x\n  d: 1\n  d: 2\n",
            "f.yaml:5:3: duplicate key 'd' (first at line 4)",
        ),
        ("? [a]\n: 1\n", "f.yaml:1:3: a key must be a single value, not a list or mapping"),
        ("a: 2024-02-30\n", "f.yaml:1:4: cannot read this value: day is out of range for month"),
    ],
)
def test_the_fast_loader_keeps_every_check(text: str, message: str) -> None:
    assert problems_of(text) == [message]


def test_merged_keys_are_not_duplicates_and_own_keys_win() -> None:
    raw = parse_yaml("b: &x {a: 1, e: 2}\nc:\n  <<: *x\n  a: 3\n", "f.yaml")
    assert raw["c"] == {"a": 3, "e": 2}


@pytest.mark.parametrize(
    ("name", "text", "start"),
    [
        ("rubric.yaml", "", "1:1: defines no questions"),
        ("concepts.yaml", "# nothing yet\n", "1:1: defines no questions"),
    ],
)
def test_an_empty_file_is_an_error_whatever_it_was_meant_to_be(
    tmp_path: Path, name: str, text: str, start: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert refused("bank", "validate", str(path)) == [
        f"error: {path}:{start}; a bank lists them under 'questions:'"
    ]


def test_bank_validate_parses_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Speed is measured by hand (the figures are in the commit message); this checks the
    one parse it relies on."""
    import coach.content.validation as validation

    calls: list[str] = []
    real = validation.parse_yaml

    def counted(text: str, path: str) -> object:
        calls.append(path)
        return real(text, path)

    monkeypatch.setattr(validation, "parse_yaml", counted)
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        MINI_BANK.replace("video-recs", "video-recs-2").replace("fraud-scoring", "fr-2")
    )
    result = invoke("bank", "validate", str(mine))
    assert result.exit_code == 0, result.output
    assert calls == [str(mine)]


REPLACING = MINI_BANK.replace(
    "  - id: video-recs\n    title: Design video recommendations\n",
    "  - id: video-recommendations\n    replaces: true\n    title: My own video question\n",
)


def test_a_copy_of_the_shipped_bank_says_how_to_replace_its_questions(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(paths.shipped_data("questions.yaml").read_text())
    lines = refused("bank", "validate", str(copy))
    assert lines[0].endswith("; to use this one instead, add 'replaces: true' to it")
    assert "already defined at" in lines[0]
    # with the key on every question, the copy replaces the whole shipped bank
    copy.write_text(copy.read_text().replace("\n  - id: ", "\n  - replaces: true\n    id: "))
    result = invoke("bank", "validate", str(copy))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 1 file(s), ")


def test_a_replaced_question_is_the_one_every_command_uses(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(REPLACING)
    assert invoke("bank", "validate", str(mine)).exit_code == 0
    listed = json.loads(invoke("questions", "--bank", str(mine), "-f", "json").stdout)
    titles = [q["title"] for q in listed if q["id"] == "video-recommendations"]
    assert titles == ["My own video question"]
    shown = invoke("show", "video-recommendations", "--bank", str(mine), "--facts", "-f", "json")
    assert shown.exit_code == 0, shown.output
    question = json.loads(shown.stdout)
    assert question["title"] == "My own video question"
    assert [fact["topic"] for fact in question["facts"]] == ["scale", "latency"]


def test_replacing_a_question_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(REPLACING.replace("id: video-recommendations", "id: brand-new"))
    assert refused("bank", "validate", str(mine)) == [
        f"error: {mine}:3:15: 'replaces: true', but no bank loaded before this one has a question"
        " 'brand-new'"
    ]


def test_a_repeated_id_within_one_bank_is_an_error_even_with_replaces(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINI_BANK.replace("id: fraud-scoring", "id: video-recs\n    replaces: true"))
    (line,) = refused("bank", "validate", str(mine))
    assert "question id 'video-recs' is already defined at" in line
    assert "replaces" not in line


def test_one_run_reports_schema_errors_and_what_the_valid_entries_get_wrong(
    tmp_path: Path,
) -> None:
    # A bad difficulty on the first question must not hide a category typo on the
    # second, nor a clash with the shipped bank on the third.
    mine = tmp_path / "mine.yaml"
    broken = MINI_BANK.replace("difficulty: medium", "difficulty: super").replace(
        "category: general", "category: genral"
    )
    broken += (
        broken.split("questions:\n", 1)[1]
        .split("  - id: fraud-scoring")[0]
        .replace("id: video-recs", "id: video-recommendations")
        .replace("difficulty: super", "difficulty: easy")
    )
    mine.write_text(broken)
    lines = refused("bank", "validate", str(mine))
    assert lines[0].startswith(f"error: {mine}:6:17: questions[0].difficulty: Input should be")
    assert lines[1] == f"error: {mine}:13:15: unknown category 'genral'; did you mean 'general'?"
    assert lines[2].startswith(f"error: {mine}:18:9: question id 'video-recommendations' is ")
    assert len(lines) == 3
