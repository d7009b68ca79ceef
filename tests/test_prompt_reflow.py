"""A question's prompt is reflowed when it is loaded: the YAML's line breaks are not its own."""

from __future__ import annotations

from coach.content.fields import reflow
from coach.content.library import load_library


def test_a_paragraph_becomes_one_line_and_lists_and_blank_lines_stay() -> None:
    text = (
        "Riders open the app\nand ask for a car.\n\nEstimate:\n- pickup time\n- trip\n  duration\n"
    )
    assert reflow(text) == (
        "Riders open the app and ask for a car.\n\nEstimate:\n- pickup time\n- trip duration\n"
    )


def test_no_shipped_prompt_keeps_a_hard_line_break_inside_a_paragraph() -> None:
    for question in load_library(include_user=False, use_cache=False).questions.values():
        for paragraph in question.prompt.strip().split("\n\n"):
            lines = paragraph.splitlines()
            assert all(line.lstrip().startswith(("-", "*", "+")) for line in lines[1:]), (
                question.id,
                paragraph,
            )
