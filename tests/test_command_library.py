"""The work behind `coach score` and `coach export`, called as a library (no CLI)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from coach.engine.grade_files import grade_files
from coach.errors import UsageError
from coach.export import history_export
from coach.store.db import open_store
from tests.test_archive import build_history
from tests.test_session import LIBRARY

STRONG = Path(__file__).resolve().parent / "fixtures" / "answers" / "01-video-recs-thorough.md"


def test_grade_files_keeps_an_unreadable_file_as_its_error_and_grades_the_rest(
    tmp_path: Path,
) -> None:
    graded = grade_files([STRONG, tmp_path / "missing.md"], question_id="video-recommendations")
    assert [name for name, _ in graded.reports] == [str(STRONG)]
    assert len(graded.unreadable) == 1 and "missing.md" in str(graded.unreadable[0])
    assert graded.question is not None and graded.question.id == "video-recommendations"
    report = graded.reports[0][1]
    assert report.score is not None and report.score >= 72  # a strong answer stays strong
    # the reference is shown only against points missed or made in passing
    assert all(not r.reference for r in report.items if r.depth == "substance")
    assert any(r.reference for r in report.items if r.expected and r.depth != "substance")


def test_grade_files_reads_standard_input_once(tmp_path: Path) -> None:
    stdin = io.BytesIO(b"## Model\n\nWe will use a transformer for everything.\n")
    graded = grade_files([Path("-")], stdin=stdin, reference=False)
    assert graded.question is None and graded.reports[0][0] == "-"
    with pytest.raises(UsageError, match="can be read only once"):
        grade_files([Path("-"), Path("-")], stdin=io.BytesIO(b"x"))


def test_history_export_renders_one_session_or_everything(tmp_path: Path) -> None:
    home = tmp_path / "home"
    build_history(home)
    with open_store(home, read_only=True) as store:
        latest = history_export.pick_session(store, None, last=True)
        first = store.sessions()[-1].id
        assert history_export.pick_session(store, first[:6], last=False) == first
        with pytest.raises(UsageError, match="name a session id"):
            history_export.pick_session(store, None, last=False)
        as_json = json.loads(history_export.one_session(store, first, "json", LIBRARY))
        assert as_json["id"] == first and as_json["report"]["score"] is not None
        markdown = history_export.one_session(store, first, "markdown", LIBRARY)
        assert markdown.startswith("# ") and f"Session `{first}`" in markdown
        rows = list(csv.DictReader(io.StringIO(history_export.one_session(store, latest, "csv"))))
        assert rows and {row["session_id"] for row in rows} == {latest}
        document = json.loads(history_export.everything(store, "json"))
        assert len(document["sessions"]) == len(store.sessions())
        with pytest.raises(UsageError, match="--all exports json or csv"):
            history_export.everything(store, "markdown")
