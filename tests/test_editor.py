"""$EDITOR: every way it can fail is one UsageError, and never a decoded-with-loss text."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.errors import UsageError
from coach.ui.editor import edit_text


@pytest.fixture(autouse=True)
def _own_tmpdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor's file is kept when it cannot be read back: keep it in the test's
    folder, not in /tmp."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))


def script(tmp_path: Path, body: str, name: str = "editor") -> str:
    """An editor: a shell script run with the file to edit as $1."""
    path = tmp_path / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)


def test_the_editor_gets_the_text_and_what_it_saves_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", script(tmp_path, "printf 'and more\\n' >> \"$1\""))
    assert edit_text("Typed first.\n") == "Typed first.\nand more\n"


def test_a_blank_visual_falls_back_to_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "  ")
    monkeypatch.setenv("EDITOR", script(tmp_path, "printf 'x\\n' > \"$1\""))
    assert edit_text("") == "x\n"


@pytest.mark.parametrize(
    ("editor", "message"),
    [
        (
            "latin1",
            "the editor's file is not UTF-8 text; keeping what you typed, and the edit is in",
        ),
        ("removes", "the editor removed its file; keeping what you typed"),
        ("empties", "the editor's file is empty; keeping what you typed"),
        ("fails", "exited with 3; keeping what you typed"),
        ('vim "', "could not run editor 'vim \"': No closing quotation; keeping what you typed"),
        ("folder", "': Permission denied; keeping what you typed"),
        ("not-executable", "': Permission denied; keeping what you typed"),
        ("missing", "not found (set $EDITOR); keeping what you typed"),
    ],
)
def test_each_editor_failure_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, editor: str, message: str
) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("not a program\n")
    commands = {
        "latin1": script(tmp_path, "printf 'caf\\351\\n' >> \"$1\"", "latin1"),
        "removes": script(tmp_path, 'rm "$1"', "removes"),
        "empties": script(tmp_path, ': > "$1"', "empties"),
        "fails": script(tmp_path, "exit 3", "fails"),
        "folder": str(tmp_path),
        "not-executable": str(plain),
        "missing": str(tmp_path / "no-such-editor"),
    }
    monkeypatch.setenv("EDITOR", commands.get(editor, editor))
    with pytest.raises(UsageError) as raised:
        edit_text("Before editor.\n")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_an_edit_that_cannot_be_read_back_stays_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", script(tmp_path, "printf 'caf\\351 au lait\\n' >> \"$1\""))
    with pytest.raises(UsageError) as raised:
        edit_text("Before editor.\n")
    kept = Path(str(raised.value).rsplit(" is in ", 1)[1])
    assert kept.read_bytes() == b"Before editor.\ncaf\xe9 au lait\n"
    kept.unlink()
