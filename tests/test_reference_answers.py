"""Reference answers are a test of the grader: each is a strong answer it must credit.

Every design question has one (data/references/<id>.md). Each must load, grade
"strong hire" against its question and have every point expected of it credited:
a reference the grader cannot credit is a real strong answer it would fail. One
deliberately thin answer per category (tests/fixtures/thin/) must grade "no hire"
or "lean no hire".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.content.library import Library, load_library
from coach.content.references import load_reference, reference_path
from coach.engine import grade_text

LIBRARY: Library = load_library(include_user=False, use_cache=False)
QUESTIONS = sorted(LIBRARY.questions)
THIN = sorted((Path(__file__).parent / "fixtures" / "thin").glob("*.md"))


def test_every_question_has_a_reference_and_nothing_else_is_there() -> None:
    folder = reference_path(LIBRARY, QUESTIONS[0])
    assert folder is not None
    names = {p.stem for p in folder.parent.glob("*.md")}
    assert names == set(QUESTIONS)


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_a_reference_answer_grades_strong_hire_with_every_point_credited(question_id: str) -> None:
    question = LIBRARY.questions[question_id]
    text = load_reference(LIBRARY, question)
    assert text is not None
    report = grade_text(text, LIBRARY, question)
    missed = [r.item.id for r in report.items if r.missed]
    assert report.verdict == "strong hire", (report.score, missed)
    assert missed == []


def test_there_is_one_thin_answer_per_category() -> None:
    categories = {path.stem for path in THIN}
    assert categories == {c.id for c in LIBRARY.rubric.categories}


@pytest.mark.parametrize("path", THIN, ids=lambda p: p.stem)
def test_a_thin_answer_grades_no_hire_or_lean_no_hire(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = re.search(r"<!-- question: ([a-z0-9-]+) -->", text)
    assert found, "a thin answer names its question on its first line"
    question = LIBRARY.questions[found.group(1)]
    assert question.category == path.stem
    report = grade_text(text, LIBRARY, question)
    assert report.verdict in ("no hire", "lean no hire"), report.score


def test_a_missed_point_shows_what_the_reference_says_for_it() -> None:
    question = LIBRARY.questions["realtime-payment-fraud"]
    reference = load_reference(LIBRARY, question)
    thin = "The goal is to stop fraud. We train a deep neural network on the transactions."
    report = grade_text(thin, LIBRARY, question, reference=reference)
    labels = next(r for r in report.items if r.item.id == "data.labels")
    assert labels.missed and labels.reference
    assert reference is not None and labels.reference[0].text in " ".join(reference.split())
    made = next(r for r in report.items if r.item.id == "clarify.goal")
    if made.depth == "substance":
        assert made.reference == ()
    blind = grade_text(thin, LIBRARY, question)
    assert all(r.reference == () for r in blind.items)


# --- the commands -----------------------------------------------------------------


def test_score_shows_the_reference_for_missed_points_unless_asked_not_to(tmp_path: Path) -> None:
    import json

    from tests.helpers import invoke

    answer = tmp_path / "answer.md"
    answer.write_text("The goal is to stop fraud. We train a deep neural network.\n")
    args = ("score", str(answer), "-q", "realtime-payment-fraud", "--format", "json")
    with_reference = json.loads(invoke(*args).stdout)
    labels = next(i for i in with_reference["items"] if i["id"] == "data.labels")
    assert labels["reference"] and not labels["covered"]
    blind = json.loads(invoke(*args, "--no-reference").stdout)
    assert all(item["reference"] == [] for item in blind["items"])
    text = invoke("score", str(answer), "-q", "realtime-payment-fraud")
    assert "reference:" in text.stdout


def test_show_prints_the_whole_reference_answer_on_request() -> None:
    import json

    from tests.helpers import invoke

    plain = invoke("show", "eta-prediction")
    assert "Reference answer" not in plain.stdout
    shown = invoke("show", "eta-prediction", "--reference")
    assert "Reference answer" in shown.stdout and "Wrap-up" in shown.stdout
    data = json.loads(invoke("show", "eta-prediction", "--reference", "--format", "json").stdout)
    assert data["reference"].startswith("## Clarify")


def test_validate_reports_a_reference_without_every_phase(tmp_path: Path) -> None:
    from tests.conftest import MINI_BANK
    from tests.helpers import invoke

    bank = tmp_path / "bank.yaml"
    bank.write_text(MINI_BANK.replace("video-recs", "my-video-recs"))
    (tmp_path / "references").mkdir()
    (tmp_path / "references" / "my-video-recs.md").write_text("## Data\n\nClicks.\n")
    result = invoke("bank", "validate", str(bank))
    assert result.exit_code == 2
    assert "my-video-recs.md:1:1:" in result.stderr and "none names" in result.stderr
