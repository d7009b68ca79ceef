"""Markdown answer text → blocks: fenced code, headings, table rows, list items, prose.

A heading is an ATX or setext heading, a bold-only line or a short "Label:" line;
a fence whose body draws arrows is a diagram, read as prose. Each block is
(kind, start offset, end offset, heading text); coach.engine.text cuts them into
sentences.
"""

from __future__ import annotations

import re
from typing import Literal

from coach.common.regex_store import cached_regex
from coach.engine.deferral import defers_section

__all__ = ["BlockKind", "read_blocks"]

BlockKind = Literal["prose", "bullet", "table", "heading", "code"]


_FENCE = cached_regex(r"^\s{0,3}(```|~~~)")
_ATX = cached_regex(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT = cached_regex(r"^\s{0,3}(=+|-+)\s*$")
_BOLD_LINE = cached_regex(r"^\s*(?:\*\*|__)([^*_]{1,80})(?:\*\*|__)\s*:?\s*$")
_LABEL_LINE = cached_regex(r"^\s*(?:\d+[.)]\s*)?([A-Za-z][\w /&,'()-]{0,60}):\s*$")
# "The decision pipeline has three stages:" opens a list inside its section; it is
# a sentence, not a "Data sources:" label that starts a section of its own. One
# that defers ("With more time I would:") still heads what it puts off.
_LEAD_IN_SENTENCE = cached_regex(
    r"^\s*(?:the|a|an|our|my|we|i|it|this|these|there|here)\s"
    r"|\s(?:is|are|was|were|has|have|had|will|would|can|could|should|does|do|uses|use|works|looks|goes|means|includes|include|needs|need)\b",
    re.IGNORECASE,
)
_BULLET = cached_regex(r"^(\s*)(?:[-*+•]|\d+[.)])\s+")
_TABLE = cached_regex(r"^\s*\|")
_TABLE_RULE = cached_regex(r"^\s*\|?[\s:|-]+\|?\s*$")


def read_blocks(text: str, line_starts: list[int]) -> list[tuple[BlockKind, int, int, str]]:
    """(kind, start, end, heading text) for each block, in order."""
    lines = text.split("\n")
    blocks: list[tuple[BlockKind, int, int, str]] = []
    para: list[int] = []  # line numbers (0-based) of the open paragraph/bullet
    para_kind: BlockKind = "prose"
    in_code = False  # the line before was part of an indented code block

    def close() -> None:
        nonlocal para
        if para:
            start = line_starts[para[0]] + _indent_and_marker(lines[para[0]])
            end = line_starts[para[-1]] + len(lines[para[-1]])
            blocks.append((para_kind, start, end, ""))
            para = []

    i = 0
    while i < len(lines):
        line = lines[i]
        start = line_starts[i]
        # Cheap tests on the first and last characters before each pattern: most
        # lines are prose, and five regex calls a line add up on a long answer.
        stripped = line.lstrip()
        opening = _FENCE.match(line) if stripped.startswith(("```", "~~~")) else None
        if opening:
            close()
            fence = opening.group(1)
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith(fence):
                j += 1
            inner = range(i + 1, min(j, len(lines)))
            if _is_diagram(line[line.index(fence) + len(fence) :], [lines[k] for k in inner]):
                # A flow diagram states its steps readably ("Normalise --> Resize -->
                # Remove noise"): each line reads as a list item, the fences as code.
                for k in inner:
                    if lines[k].strip():
                        indent = len(lines[k]) - len(lines[k].lstrip())
                        blocks.append(
                            ("bullet", line_starts[k] + indent, line_starts[k] + len(lines[k]), "")
                        )
            else:
                end = line_starts[min(j, len(lines) - 1)] + len(lines[min(j, len(lines) - 1)])
                blocks.append(("code", start, end, ""))
            i = j + 1
            continue
        if not line.strip():
            close()
            i += 1
            continue
        atx = _ATX.match(line) if stripped.startswith("#") else None
        bold = _BOLD_LINE.match(line) if stripped.startswith(("**", "__")) else None
        label = (
            _LABEL_LINE.match(line)
            if stripped.rstrip().endswith(":")
            and len(line.split()) <= 6
            and (not _LEAD_IN_SENTENCE.search(line) or defers_section(line))
            else None
        )
        setext = (
            i + 1 < len(lines)
            and lines[i + 1].lstrip().startswith(("=", "-"))
            and _SETEXT.match(lines[i + 1])
            and not para
            and line.strip()
            and not _BULLET.match(line)
        )
        if atx or bold or label or setext:
            close()
            marked = atx or bold or label
            heading = marked.group(1) if marked else line.strip()
            indent = len(line) - len(line.lstrip())  # "  ### Sub" starts at its "#"
            blocks.append(("heading", start + indent, start + len(line), heading.strip()))
            i += 2 if setext and not (atx or bold or label) else 1
            continue
        if _TABLE.match(line):
            close()
            if not _TABLE_RULE.match(line):
                indent = len(line) - len(line.lstrip())
                blocks.append(("table", start + indent, start + len(line), ""))
            i += 1
            continue
        if (
            line.startswith(("    ", "\t"))
            and not para
            and not _BULLET.match(line)
            and (i == 0 or not lines[i - 1].strip() or in_code)
        ):
            # An indented code block opens after a blank line, as in CommonMark; right
            # under a "Label:" line, indented text is the label's content (plain notes).
            close()
            blocks.append(("code", start, start + len(line), ""))
            in_code = True
            i += 1
            continue
        in_code = False
        if _BULLET.match(line):
            close()
            para_kind = "bullet"
            para = [i]
        elif para:
            para.append(i)
        else:
            para_kind = "prose"
            para = [i]
        i += 1
    close()
    return blocks


_DIAGRAM_LANGUAGES = ("mermaid", "dot", "graphviz", "plantuml")
_ARROW = cached_regex(r"-+>|→|=>|<-+")


def _is_diagram(info: str, body: list[str]) -> bool:
    """A fenced block that draws a flow: tagged as a diagram language, or untagged
    with an arrow on most of its lines. Code (tagged python, sql...) stays code."""
    language = info.strip().lower()
    if language:
        return language.startswith(_DIAGRAM_LANGUAGES)
    filled = [line for line in body if line.strip()]
    return bool(filled) and sum(1 for line in filled if _ARROW.search(line)) * 2 >= len(filled)


def _indent_and_marker(line: str) -> int:
    bullet = _BULLET.match(line)
    if bullet:
        return bullet.end()
    return len(line) - len(line.lstrip())
