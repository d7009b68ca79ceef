"""Edit text in the user's $VISUAL / $EDITOR, like `git commit` does.

Every way the editor can fail (a command that does not parse or run, a
non-zero exit, a file that was removed, emptied or is not UTF-8) raises
UsageError with one line for a person: the caller keeps the text it had.
Bytes that are not UTF-8 are never decoded with replacement characters,
which would silently lose them.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from coach.errors import UsageError

__all__ = ["edit_text"]

KEPT = "keeping what you typed"


def _editor_command() -> str:
    """$VISUAL, else $EDITOR, else vi (blank values count as unset)."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return "vi"


def edit_text(text: str, *, suffix: str = ".md") -> str:
    """Open the text in the editor and return what was saved."""
    editor = _editor_command()
    try:
        argv = shlex.split(editor)
    except ValueError as exc:
        raise UsageError(f"could not run editor '{editor}': {exc}; {KEPT}") from None
    try:
        fd, name = tempfile.mkstemp(prefix="coach-answer-", suffix=suffix)
    except OSError as exc:
        raise UsageError(f"could not make a file for the editor: {_reason(exc)}; {KEPT}") from None
    path = Path(name)
    keep_file = False  # set when the file holds an edit that could not be read back
    try:
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        except (OSError, UnicodeError) as exc:
            raise UsageError(
                f"could not make a file for the editor: {_reason(exc)}; {KEPT}"
            ) from None
        try:
            result = subprocess.run([*argv, str(path)], check=False)
        except FileNotFoundError:
            raise UsageError(f"editor '{editor}' not found (set $EDITOR); {KEPT}") from None
        except OSError as exc:
            raise UsageError(f"could not run editor '{editor}': {_reason(exc)}; {KEPT}") from None
        if result.returncode != 0:
            raise UsageError(f"editor '{editor}' exited with {result.returncode}; {KEPT}")
        try:
            edited = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"the editor removed its file; {KEPT}") from None
        except UnicodeDecodeError:
            keep_file = True  # what was written there is the user's too: leave it on disk
            raise UsageError(
                f"the editor's file is not UTF-8 text; {KEPT}, and the edit is in {path}"
            ) from None
        except OSError as exc:
            raise UsageError(f"could not read the editor's file: {_reason(exc)}; {KEPT}") from None
        if text.strip() and not edited.strip():
            raise UsageError(f"the editor's file is empty; {KEPT}")
        return edited
    finally:
        if not keep_file:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def _reason(exc: Exception) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
