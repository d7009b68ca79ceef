"""The JSON form of a graded answer: a contract other tools read (see README)."""

from __future__ import annotations

from typing import Any

from coach.engine.grading import Report

__all__ = ["report_to_dict"]


def report_to_dict(report: Report, file: str | None) -> dict[str, Any]:
    return {
        "file": file,
        "question": report.question,
        "score": report.score,
        "verdict": report.verdict,
        "coverage": round(report.coverage, 4),
        "penalty": report.penalty,
        "phases": [
            {
                "id": p.id,
                "name": p.name,
                "coverage": round(p.coverage, 4),
                "covered_weight": p.covered_weight,
                "total_weight": p.total_weight,
                "words": p.words,
            }
            for p in report.phases
        ],
        "items": [
            {
                "id": r.item.id,
                "phase": r.item.phase,
                "title": r.item.title,
                "weight": r.item.weight,
                "covered": r.covered,
                "depth": r.depth,
                "expected": r.expected,
                "evidence": [{"line": e.line, "col": e.col, "text": e.text} for e in r.evidence],
                "reference": [e.text for e in r.reference],
            }
            for r in report.items
        ],
        "findings": [
            {
                "code": f.code,
                "name": f.name,
                "level": f.level,
                "message": f.message,
                "phase": f.phase,
                "line": f.line,
                "col": f.col,
            }
            for f in report.findings
        ],
        "next_steps": report.next_steps(),
        "warning": report.warning,
    }
