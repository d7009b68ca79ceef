"""`coach questions` lists from a cache of its entries, and never shows a stale one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coach.content import listing
from coach.content.listing import question_entries
from tests.conftest import MINI_BANK
from tests.helpers import invoke


def ids(*args: str) -> list[str]:
    result = invoke("questions", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    return [q["id"] for q in json.loads(result.stdout)]


def test_a_second_listing_reads_no_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(MINI_BANK)
    first = question_entries([bank])

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("loaded the library for a cached listing")

    monkeypatch.setattr(listing, "load_library", no_loading)
    again = question_entries([bank])
    assert again == first and {"video-recs", "fraud-scoring"} <= {e.id for e in again}
    fraud = next(e for e in again if e.id == "fraud-scoring")
    assert fraud.categories == {"general", "payments"} and fraud.difficulty == "hard"


def test_an_edited_bank_is_listed_as_it_now_is(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(MINI_BANK)
    assert "video-recs" in ids("--bank", str(bank))
    bank.write_text(MINI_BANK.replace("id: video-recs", "id: video-feed"))
    os.utime(bank, ns=(1, 1))  # a new mtime even on a coarse clock
    listed = ids("--bank", str(bank))
    assert "video-feed" in listed and "video-recs" not in listed


def test_a_bank_broken_after_a_listing_is_an_error_not_the_old_list(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(MINI_BANK)
    assert ids("--bank", str(bank))
    bank.write_text(MINI_BANK.replace("difficulty: hard", "difficulty: extreme"))
    result = invoke("questions", "--bank", str(bank))
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {bank}:")


def test_filters_work_on_cached_entries(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(MINI_BANK)
    ids("--bank", str(bank))  # cached from here on
    assert ids("--bank", str(bank), "--tag", "payments")[-1] == "fraud-scoring"
    assert "video-recs" not in ids("--bank", str(bank), "--tag", "payments")
    assert "fraud-scoring" in ids("--bank", str(bank), "--category", "payments")


def test_wrapped_titles_stay_in_their_column(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    long_title = "Design " + "a very long title that wraps " * 6
    bank.write_text(MINI_BANK.replace("title: Design fraud scoring", f"title: {long_title}"))
    out = invoke("questions", "--bank", str(bank), width=120).stdout.splitlines()
    header = next(line for line in out if line.startswith("id "))
    column = header.index("title")
    row = next(i for i, line in enumerate(out) if line.startswith("fraud-scoring "))
    assert out[row][column:].startswith("Design a very long")
    following = out[row + 1]
    assert following[:column].strip() == "" and following[column] != " "
    assert all(len(line) <= 120 for line in out)


def test_control_characters_and_tabs_do_not_shift_the_columns(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    odd = MINI_BANK.replace("category: general", 'category: "odd\\tcat\\u001b[31m"')
    bank.write_text(odd + 'categories:\n  - {id: "odd\\tcat\\u001b[31m", title: Odd}\n')
    out = invoke("questions", "--bank", str(bank), width=140).stdout
    assert "\x1b" not in out and "\t" not in out
    lines = out.splitlines()
    column = next(line for line in lines if line.startswith("id ")).index("title")
    for qid, title in (("fraud-scoring", "Design fraud scoring"), ("video-recs", "Design video")):
        row = next(line for line in lines if line.startswith(qid + " "))
        assert row[column:].startswith(title), row
