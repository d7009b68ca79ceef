"""The answer box's layout: its label on its own line(s) above, the typed text full width
below, word-wrapped (coach.ui.wrap) and reflowed to the terminal at every redraw.

prompt_toolkit is imported by the functions that need it: it costs ~150 ms, and only
a prompt needs it.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from coach.common.textsafe import printable
from coach.ui.wrap import soft_wrap

if TYPE_CHECKING:
    from prompt_toolkit.layout.processors import Processor

__all__ = ["MARK", "label_fragments", "word_wrap_processor"]

MARK = "› "


def label_fragments(label: str, width: int) -> list[tuple[str, str]]:
    """The label, wrapped at words to `width` and ending in a newline, so the typed text
    starts on a line of its own at the left edge."""
    indent = " " * len(MARK)
    lines = textwrap.wrap(printable(label), max(width - len(MARK), 10)) or [""]
    fragments = [("class:answer.mark", MARK), ("class:answer.label", lines[0])]
    for line in lines[1:]:
        fragments += [("", "\n" + indent), ("class:answer.label", line)]
    return [*fragments, ("", "\n")]


@lru_cache(maxsize=4096)
def _cell(char: str) -> int:
    """Columns a character takes on screen, as prompt_toolkit draws it (a control
    character is shown as ^X, two columns)."""
    from prompt_toolkit.layout.screen import Char

    return Char(char, "").width


def word_wrap_processor() -> Processor:
    """An input processor that breaks each typed line at words, for a window with
    wrap_lines on and no prompt or continuation beside the text."""
    from prompt_toolkit.layout.processors import (
        Processor,
        Transformation,
        TransformationInput,
    )
    from prompt_toolkit.layout.utils import explode_text_fragments

    class WordWrap(Processor):
        def apply_transformation(self, ti: TransformationInput) -> Transformation:
            chars: list[Any] = list(explode_text_fragments(ti.fragments))
            text = "".join(fragment[1] for fragment in chars)
            layout = soft_wrap(text, ti.width, _cell)
            if layout.shown == list(range(len(text))):  # shown as it is: nothing to move
                return Transformation(ti.fragments)
            fragments = [("", " ") if i is None else chars[i] for i in layout.shown]
            last_source, last_display = len(layout.to_display) - 1, len(layout.to_source) - 1
            return Transformation(
                fragments,
                source_to_display=lambda i: layout.to_display[min(max(i, 0), last_source)],
                display_to_source=lambda d: layout.to_source[min(max(d, 0), last_display)],
            )

    return WordWrap()
