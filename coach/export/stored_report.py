"""A session's report as the store keeps it, read for an export.

The store keeps the JSON form of the report the session was graded with
(coach.engine.report_json). An export renders that and never grades again, so it
says what the candidate was told. Imported histories may hold a report with only
the fields `coach import` requires (coach.store.jsonshapes), so every other field is
read with a default, and a value of the wrong type reads as missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coach.common.frozen import frozen

__all__ = ["StoredFinding", "StoredItem", "StoredReport", "reference_section"]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _number(value: object) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok else 0.0  # type: ignore[arg-type]


def _dicts(value: object) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _texts(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


@frozen
class StoredItem:
    id: str
    phase: str
    title: str
    covered: bool
    expected: bool
    evidence: list[str]
    reference: list[str]

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> StoredItem:
        item_id = _text(data.get("id"))
        return cls(
            id=item_id,
            phase=_text(data.get("phase")),
            title=_text(data.get("title")) or item_id,
            covered=data.get("covered") is True,
            expected=data.get("expected") is not False,
            evidence=[_text(e.get("text")) for e in _dicts(data.get("evidence"))],
            reference=_texts(data.get("reference")),
        )


@frozen
class StoredFinding:
    code: str
    name: str
    level: str
    message: str

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> StoredFinding:
        return cls(*(_text(data.get(key)) for key in ("code", "name", "level", "message")))


@frozen
class StoredReport:
    score: float
    verdict: str
    coverage: float
    penalty: float
    items: list[StoredItem]
    findings: list[StoredFinding]
    next_steps: list[str]
    warning: str | None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> StoredReport:
        return cls(
            score=_number(data.get("score")),
            verdict=_text(data.get("verdict")),
            coverage=_number(data.get("coverage")),
            penalty=_number(data.get("penalty")),
            items=[StoredItem.of(d) for d in _dicts(data.get("items"))],
            findings=[StoredFinding.of(d) for d in _dicts(data.get("findings"))],
            next_steps=_texts(data.get("next_steps")),
            warning=_text(data.get("warning")) or None,
        )

    @property
    def shown_items(self) -> list[StoredItem]:
        """The points a report lists: every expected one, and optional ones made."""
        return [item for item in self.items if item.expected or item.covered]


def reference_section(report: StoredReport) -> list[str]:
    """Markdown lines: what the reference answer says for each point that has it."""
    from coach.export.md import cell, quote

    referenced = [r for r in report.shown_items if r.reference]
    if not referenced:
        return []
    return [
        "",
        "## What the reference answer says",
        "",
        *(
            f"- {cell(r.title)} (`{r.id}`): " + " ".join(quote(text) for text in r.reference)
            for r in referenced
        ),
    ]
