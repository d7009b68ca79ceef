"""Edit text in the user's $VISUAL / $EDITOR, like `git commit` does."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from coach.errors import UsageError

__all__ = ["edit_text"]


def edit_text(text: str, *, suffix: str = ".md") -> str:
    """Open the text in the editor and return what was saved."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="coach-answer-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            result = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except FileNotFoundError:
            raise UsageError(f"editor '{editor}' not found; set $EDITOR") from None
        if result.returncode != 0:
            raise UsageError(f"editor '{editor}' exited with {result.returncode}; answer unchanged")
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
