"""The markdown of a session an interviewer scored (`coach interviewer`).

In place of the grader's coverage table and findings: each phase's points as a task
list, ticked or not (and "in passing" for a point made only in passing), the phase's
note, the interviewer's own rating beside the score the ticks give, what the
reference answer says for each point not made with substance, and what to practise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coach.content.library import Library
from coach.export.md import cell
from coach.export.stored_report import StoredReport, reference_section
from coach.session.plan import SessionPlan

__all__ = ["interviewer_sections"]


def interviewer_sections(
    report: Mapping[str, Any], plan: SessionPlan, library: Library
) -> list[str]:
    stored = StoredReport.of(report)
    depth = {
        item.get("id"): item.get("depth")
        for item in report.get("items") or []
        if isinstance(item, Mapping)
    }
    notes = report.get("notes") if isinstance(report.get("notes"), Mapping) else {}
    hints = {item.id: item.hint for item in library.rubric.items}
    out = ["", "## Scored by the interviewer", ""]
    rating = report.get("rating")
    if isinstance(rating, str) and rating:
        out.append(f"- Interviewer's rating: **{cell(rating)}**")
    out.append(
        f"- From the ticks, with the grader's weights: {stored.score:g}/100 · {stored.verdict}"
    )
    listed: set[str] = set()
    for phase in plan.phases:
        points = [
            r for r in stored.shown_items if r.phase in phase.item_phases and r.id not in listed
        ]
        listed.update(r.id for r in points)
        note = notes.get(phase.id) if isinstance(notes, Mapping) else None
        if not points and not note:
            continue
        out += ["", f"### {cell(phase.name)}", ""]
        for r in points:
            mark = "x" if r.covered else " "
            passing = " · in passing" if depth.get(r.id) == "mention" else ""
            line = f"- [{mark}] {cell(r.title)} (`{r.id}`){passing}"
            if not r.covered and hints.get(r.id):
                line += f": {cell(hints[r.id])}"
            out.append(line)
        if isinstance(note, str) and note.strip():
            out += ["", f"Note: {cell(note)}"]

    out += reference_section(stored)
    out += ["", "## Practise next", ""]
    out += [f"{n}. {cell(step)}" for n, step in enumerate(stored.next_steps, 1)] or ["Nothing."]
    return out
