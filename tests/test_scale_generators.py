"""What benchmarks/scale.py generates is what it claims: valid banks, a real history,
answers of the size and shape it names (the benchmark itself is not run here)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from coach.content.library import load_library
from coach.content.loader import MAX_CONTENT_BYTES, load_bank_file
from coach.store.db import open_store

ROOT = Path(__file__).resolve().parent.parent


def _scale() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scale", ROOT / "benchmarks" / "scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("scale", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


scale = _scale()


def test_a_generated_bank_is_valid_with_new_ids(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    scale.make_bank(path, 76)  # more than the shipped 73: the copies start again
    ids = [q.id for q in load_bank_file(path).questions]
    assert len(ids) == len(set(ids)) == 76
    assert not set(load_library(include_user=False).questions).intersection(ids)
    # the 10,000 the benchmark makes stay within what coach reads of a bank
    assert path.stat().st_size / 76 * 10_000 < MAX_CONTENT_BYTES


@pytest.mark.parametrize("shape", scale.SHAPES)
def test_an_answer_has_its_size_and_shape(shape: str) -> None:
    text = scale.answer(shape, 30_000)
    size = len(text.encode("utf-8"))
    assert 25_000 < size <= 30_001
    lines = text.splitlines()
    if shape == "one line":
        assert len(lines) == 1
    elif shape == "no punctuation":
        assert not re.search(r"[.,;:!?]", text) and len(lines) > 100
    elif shape == "headings":
        assert sum(line.startswith("#") for line in lines) > 150
    elif shape == "deep lists":
        depth = max(len(line) - len(line.lstrip(" ")) for line in lines) // 2
        assert depth >= 30 and all(line.lstrip(" ").startswith("- ") for line in lines)
    else:
        assert text.count("\n\n") > 10


def test_a_generated_history_is_graded_sessions_over_time(tmp_path: Path) -> None:
    scale.make_history(tmp_path, 9)
    with open_store(tmp_path, read_only=True) as store:
        sessions = store.sessions()
        statuses = sorted(s.status for s in sessions)
        assert statuses == ["finished"] * 8 + ["interrupted"]
        finished = [s for s in sessions if s.status == "finished"]
        assert all(s.score is not None and store.get(s.id).report for s in finished)
        assert len({s.started_at for s in sessions}) == 9
        assert store.entries(sessions[0].id)
