"""Points made by the layout: steps laid out line by line (an item's `stages`)."""

from __future__ import annotations

import pytest

from coach.content.library import Library, load_library
from coach.engine import grade_text
from coach.engine.text import parse_document

LIBRARY: Library = load_library(include_user=False, use_cache=False)


def funnel(text: str) -> bool:
    report = grade_text(text, LIBRARY, None)
    return next(r for r in report.items if r.item.id == "model.funnel").covered


@pytest.mark.parametrize(
    "text",
    [
        "## Model\n\n- find candidates\n- fetch features\n- scoring\n",
        "## Model\n\n**Retrieval**\n\n- two towers\n- item embeddings\n\n**Ranking**\n\n- GBDT\n",
        "## Model\n\n1. candidate sourcing from three sources\n2. ranking with a DNN\n",
        "```mermaid\ngraph LR\n  A[Frame] --> B[Detect the plate]\n  B --> C[Crop it]\n```\n",
    ],
)
def test_steps_on_successive_lines_lay_out_a_funnel(text: str) -> None:
    assert funnel(text)


@pytest.mark.parametrize(
    "text",
    [
        # the later step comes first
        "## Model\n\n- scoring\n- find candidates\n",
        # a label opens the line, not the word after it
        "- Goal: detect account takeover\n- Type: classification\n- Output: crop type\n",
        # too far apart to be steps of one layout
        "- find candidates\n" + "".join(f"- note {n} about it\n" for n in range(8)) + "- scoring\n",
        # in prose, two sentences are not a layout
        "We retrieve the user's history. Ranking of the results is by date.\n",
    ],
)
def test_lines_that_are_not_successive_steps_lay_out_nothing(text: str) -> None:
    assert not funnel(text)


def test_a_line_opens_with_its_label_or_the_step_its_last_arrow_leads_to() -> None:
    doc = parse_document("- Goal: detect fraud\n- A[Frame] --> B[Detect the plate]\n")
    goal, arrow = doc.sentences
    assert [goal.tokens[i].lower for i in goal.opening(3)] == ["goal"]
    assert [arrow.tokens[i].lower for i in arrow.opening(3)] == ["b", "detect", "the"]


def test_stage_headings_with_nothing_under_them_make_no_point() -> None:
    """Found by the property test: a heading is never evidence of a point."""
    assert not funnel("# Candidate\n\n**Ranking**")


def test_stage_headings_credit_what_is_written_under_them() -> None:
    text = (
        "## Model\n\n### Candidate generation\n\nTwo-tower retrieval returns 500 videos.\n\n"
        "### Ranking\n\nA GBDT orders those 500 by predicted watch time.\n"
    )
    report = grade_text(text, LIBRARY, None)
    result = next(r for r in report.items if r.item.id == "model.funnel")
    assert result.covered
    assert all(not e.text.startswith("#") for e in result.evidence)
