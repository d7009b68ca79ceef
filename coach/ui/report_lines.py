"""A graded answer as styled lines (coach.ui.styled), and as linter lines.

The same lines are printed by `coach score` without rich and by a session's
report through rich, so both read alike.
"""

from __future__ import annotations

from coach.common.textsafe import printable
from coach.engine.grading import Report
from coach.ui.styled import Line

__all__ = ["concise_lines", "report_lines"]

_LEVEL_STYLE = {"error": "error", "warning": "warning", "info": "info"}
_INDENT = ("", "      ")  # under an item's title: its evidence, hint and reference


def concise_lines(report: Report, path: str) -> list[str]:
    """`path:line:col: CODE message`, one per finding, like a linter."""
    if report.warning is not None:
        return [printable(f"{path}:1:1: warning: {report.warning}")]
    return [printable(f"{path}:{f.line}:{f.col}: {f.code} {f.message}") for f in report.findings]


def report_lines(
    report: Report,
    title: str,
    *,
    phases: list[str] | None = None,
    cite_lines: bool = True,
) -> list[Line]:
    """The report grouped by phase; `phases` limits it to some phases (a drill).

    A file's report cites line numbers, which the writer can open. A session's
    transcript is never shown as numbered lines, so there a point cites the phase
    it was said in (when that is not the phase it belongs to) and the sentence.
    """
    names = {p.id: p.name for p in report.phases}

    def where(line: int, phase: str | None, home: str | None) -> str:
        if cite_lines:
            return f"line {line}"
        return f"in {names.get(phase, phase)}" if phase and phase != home else ""

    lines = [Line(("title", title))]
    if report.warning is not None:
        lines.append(Line(("warning", report.warning)))
        return lines
    for phase in report.phases:
        if phases is not None and phase.id not in phases:
            continue
        results = [r for r in report.shown_items if r.item.phase == phase.id]
        if not results:
            continue
        lines.append(Line())
        lines.append(
            Line(("title", phase.name), ("", "  "), ("muted", f"{phase.coverage:.0%} covered"))
        )
        for r in results:
            if r.covered:
                ev = r.evidence[0]
                passing = " · in passing" if r.depth == "mention" else ""
                lines.append(_item("covered", "✓", r.item.title, f"({r.item.id}{passing})"))
                cited = where(ev.line, ev.phase, phase.id)
                quoted = _clip(ev.text) if cite_lines else f"“{_clip(ev.text)}”"
                quote = f"{cited}: {quoted}" if cited else quoted
                lines.append(Line(_INDENT, ("muted", quote), hang=6))
            else:
                lines.append(_item("missing", "✗", r.item.title, f"({r.item.id})"))
                lines.append(Line(_INDENT, ("muted", r.item.hint), hang=6))
            for said in r.reference:
                lines.append(
                    Line(_INDENT, ("info", "reference:"), ("", f" {_clip(said.text)}"), hang=6)
                )
        for f in (f for f in report.findings if f.phase == phase.id):
            lines.append(_finding(f.level, f.code, f.name, f.message, where(f.line, None, None)))
    others = [
        f
        for f in report.findings
        if f.phase is None or (phases is not None and f.phase not in phases)
    ]
    if others and phases is None:
        lines += [Line(), Line(("title", "Whole answer"))]
        for f in others:
            lines.append(_finding(f.level, f.code, f.name, f.message, where(f.line, f.phase, None)))
    lines.append(Line())
    lines.append(
        Line(
            ("title", f"Score {report.score}/100"),
            ("", f" · {report.verdict}  "),
            ("muted", f"(coverage {report.coverage:.0%}, penalties −{report.penalty:g})"),
        )
    )
    steps = report.next_steps()
    if steps:
        lines.append(Line(("title", "Practise next")))
        for n, step in enumerate(steps, 1):
            lines.append(Line(("", f"  {n}. {step}"), hang=len(f"  {n}. ")))
    return lines


def _item(style: str, mark: str, title: str, note: str) -> Line:
    return Line(("", "  "), (style, mark), ("", f" {title} "), ("muted", note), hang=4)


def _finding(level: str, code: str, name: str, message: str, where: str) -> Line:
    place = f", {where}" if where else ""
    style = _LEVEL_STYLE.get(level, "info")
    return Line(
        ("", "  "), (style, code), ("", f" {message} "), ("muted", f"({name}{place})"), hang=4
    )


def _clip(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
