"""A graded answer as GitHub-flavoured markdown."""

from __future__ import annotations

from coach.common.textsafe import printable
from coach.engine.grading import Report
from coach.export.md import cell, quote

__all__ = ["report_markdown"]


def report_markdown(report: Report, title: str) -> str:
    out = [f"# {cell(title)}", ""]
    if report.warning is not None:
        return "\n".join([*out, f"**Not graded.** {cell(report.warning)}"]) + "\n"
    out.append(
        f"**Score {report.score}/100 · {report.verdict}** "
        f"(coverage {report.coverage:.0%}, penalties −{report.penalty:g})"
    )
    out += ["", "| phase | coverage | covered weight |", "|---|---:|---:|"]
    for p in report.phases:
        out.append(
            f"| {cell(p.name)} | {p.coverage:.0%} | {p.covered_weight:g} / {p.total_weight:g} |"
        )
    out += ["", "## Checklist", ""]
    for r in report.shown_items:
        mark = "x" if r.covered else " "
        line = f"- [{mark}] `{r.item.id}` {cell(r.item.title)}"
        if r.covered and r.evidence:
            line += f" — line {r.evidence[0].line}: {quote(r.evidence[0].text)}"
        elif not r.covered:
            line += f" — {cell(r.item.hint)}"
        out.append(line)
        out += [f"  - reference: {quote(said.text)}" for said in r.reference]
    out += ["", "## Findings", ""]
    if not report.findings:
        out.append("None.")
    for f in report.findings:
        out.append(f"- **{f.code}** `{f.name}` ({f.level}, line {f.line}): {cell(f.message)}")
    out += ["", "## Practise next", ""]
    out += [f"{n}. {cell(step)}" for n, step in enumerate(report.next_steps(), 1)]
    return printable("\n".join(out) + "\n")  # the answer may hold escape sequences
