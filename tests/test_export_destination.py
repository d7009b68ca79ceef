"""Exports never destroy data: not coach's own files, not an existing file unasked, not half a file."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from coach.common import files
from coach.store.db import DB_NAME, open_store
from tests.helpers import invoke
from tests.test_cli_practice import deps, run
from tests.test_plan import practise
from tests.test_session import Step


@pytest.fixture
def history(coach_home: Path) -> str:
    """A history with one finished drill; its session id."""
    with open_store(coach_home) as store:
        practise(store, "video-recommendations", "evaluate", "We watch for drift and retrain.")
        return store.sessions()[0].id


def one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    return str(result.stderr)


def sessions() -> list[dict[str, object]]:
    listed = invoke("history", "--format", "json")
    assert listed.exit_code == 0, listed.output
    return list(json.loads(listed.stdout))


def test_export_all_over_the_live_history_is_refused_even_with_force(
    history: str, coach_home: Path
) -> None:
    db = coach_home / DB_NAME
    before = db.read_bytes()
    for extra in ([], ["--force"]):
        result = invoke("export", "--all", "-o", str(db), *extra)
        assert "it is the history database" in one_error_line(result)
    assert db.read_bytes() == before
    assert [s["id"] for s in sessions()] == [history]


@pytest.mark.parametrize("name", ["coach.db-wal", "cache/compiled.pickle", "cache.key"])
def test_every_file_coach_keeps_is_refused(history: str, coach_home: Path, name: str) -> None:
    result = invoke("export", history, "-o", str(coach_home / name), "--force")
    assert "write the export somewhere else" in one_error_line(result)


def test_links_to_the_history_are_refused(history: str, coach_home: Path, tmp_path: Path) -> None:
    db = coach_home / DB_NAME
    symlink, hardlink = tmp_path / "backup.json", tmp_path / "hard.json"
    symlink.symlink_to(db)
    os.link(db, hardlink)
    before = db.read_bytes()
    assert "symbolic link" in one_error_line(invoke("export", "--all", "-o", str(symlink)))
    for target in (symlink, hardlink):
        result = invoke("export", "--all", "-o", str(target), "--force")
        assert "it is the history database" in one_error_line(result)
    assert db.read_bytes() == before and symlink.is_symlink()


def test_an_existing_file_is_replaced_only_with_force(history: str, tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("my own notes\n")
    result = invoke("export", history, "-o", str(target))
    assert "already exists; use --force" in one_error_line(result)
    assert target.read_text() == "my own notes\n"

    forced = invoke("export", history, "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_text().startswith("# Design a video recommendation system")


def test_force_writes_through_a_symlink_to_its_target(history: str, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = invoke("export", "--all", "-o", str(link), "--force")
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert json.loads(real.read_text())["format"] == "coach-history"


def test_a_new_export_is_private(history: str, tmp_path: Path) -> None:
    target = tmp_path / "session.md"
    assert invoke("export", history, "-o", str(target)).exit_code == 0
    assert os.stat(target).st_mode & 0o777 == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    history: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "history.json"
    target.write_text("the previous backup\n")

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "write", full)
    result = invoke("export", "--all", "-o", str(target), "--force")
    assert "No space left on device" in one_error_line(result)
    assert target.read_text() == "the previous backup\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coach-home", "history.json"]


def test_write_atomic_refuses_a_file_created_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("theirs")
    with pytest.raises(FileExistsError):
        files.write_atomic(target, b"mine", replace=False)
    assert target.read_text() == "theirs" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_practice_export_over_an_existing_file_is_refused_before_the_interview(
    tmp_path: Path,
) -> None:
    target = tmp_path / "mock.md"
    target.write_text("last week's mock\n")
    d, _ = deps([])  # the scripted prompter fails the test if anything is asked
    result = run(["drill", "wrapup", "video-recommendations", "--export", str(target)], d)
    assert "already exists; use --force" in one_error_line(result)
    assert target.read_text() == "last week's mock\n"

    d, _ = deps([Step("The trade-off is recall against latency of the index.")])
    args = ["drill", "wrapup", "video-recommendations", "--export", str(target), "--force"]
    forced = run(args, d)
    assert forced.exit_code == 0, forced.output
    assert "recall against latency" in target.read_text()


@pytest.mark.parametrize(
    ("args", "name", "kind"),
    [
        ([], "x.json", "session json"),
        ([], "x.md", "markdown"),
        ([], "x.csv", "csv"),
        ([], "x.txt", "markdown"),  # an extension that says nothing: the default
        (["--format", "markdown"], "x.json", "markdown"),  # --format wins
        (["--all"], "all.json", "archive json"),
        (["--all"], "all.csv", "csv"),
    ],
)
def test_the_file_extension_chooses_the_format(
    history: str, tmp_path: Path, args: list[str], name: str, kind: str
) -> None:
    """`export ID -o x.json` wrote markdown, and `--all -o everything.csv` JSON."""
    target = tmp_path / name
    ident = [] if "--all" in args else [history]
    result = invoke("export", *ident, *args, "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    if kind == "markdown":
        assert text.startswith("# ")
    elif kind == "csv":
        assert text.splitlines()[0].count(",") >= 3 and not text.startswith(("{", "#"))
    else:
        data = json.loads(text)
        assert (data.get("format") == "coach-history") is (kind == "archive json")


def test_all_to_a_markdown_file_is_refused_before_writing(history: str, tmp_path: Path) -> None:
    target = tmp_path / "everything.md"
    result = invoke("export", "--all", "-o", str(target))
    assert result.exit_code == 2
    assert ".json or .csv" in one_error_line(result)
    assert not target.exists()
