"""The interviewer's prompts in `coach interviewer`: a keyed tick list with the live
phase timer, a note per phase, and the overall rating.

The tick list is a small prompt_toolkit application, not a questionary checkbox, so it
can show the answer box's bottom toolbar (coach.ui.prompter.toolbar_fragments: the
phase, elapsed / budget, amber at the budget and red past it), redrawn every second.
A point's number (1-9) or Space on the highlighted one cycles its tick: ✓ made, ~ made
in passing (three quarters of its weight, as the grader gives), blank. Enter moves on
to the next phase; Ctrl-C ends the interview with what was ticked.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.common.textsafe import printable
from coach.errors import Interrupted
from coach.session.pair import TickRequest, TickResult
from coach.session.pair_sheet import PhaseSheet, SheetPoint
from coach.session.plan import PhasePlan
from coach.ui.pair_view import tick_mark
from coach.ui.prompter import toolbar_fragments

if TYPE_CHECKING:
    from prompt_toolkit.application import Application
    from prompt_toolkit.formatted_text import StyleAndTextTuples

    from coach.engine.grading import Depth

__all__ = ["NO_RATING", "TerminalPairPrompter", "TickList"]

NO_RATING = "no rating"
_CYCLE: dict[str, Depth] = {"none": "substance", "substance": "mention", "mention": "none"}
_KEYS = "123456789"


@dataclass
class TickList:
    """The tick list's state: which point is highlighted, which are ticked, and what the
    pane under the list shows (the highlighted point, the facts or the probes)."""

    sheet: PhaseSheet
    ticks: dict[str, Depth] = field(default_factory=dict)
    cursor: int = 0
    showing: str = "point"  # or "facts", "probes"

    @property
    def points(self) -> Sequence[SheetPoint]:
        return self.sheet.points

    def move(self, by: int) -> None:
        self.showing = "point"
        if self.points:
            self.cursor = (self.cursor + by) % len(self.points)

    def cycle(self, index: int | None = None) -> None:
        """The point's tick goes ✓ → ~ → blank → ✓ (default: the highlighted point)."""
        if not 0 <= (index if index is not None else self.cursor) < len(self.points):
            return
        self.showing = "point"
        self.cursor = index if index is not None else self.cursor
        item_id = self.points[self.cursor].item.id
        depth = _CYCLE[self.ticks.get(item_id, "none")]
        if depth == "none":
            self.ticks.pop(item_id, None)
        else:
            self.ticks[item_id] = depth

    def show(self, what: str) -> None:
        """The facts or the probes in the pane; the same key again: the point."""
        self.showing = "point" if self.showing == what else what

    def lines(self) -> StyleAndTextTuples:
        out: StyleAndTextTuples = []
        for n, point in enumerate(self.points):
            depth = self.ticks.get(point.item.id, "none")
            mark = " " if depth == "none" else tick_mark(depth)
            key = _KEYS[n] if n < len(_KEYS) else " "
            style = "class:tick.current" if n == self.cursor else ""
            out.append((style, f" {key} [{mark}] {printable(point.item.title)}\n"))
        return out

    def detail(self, width: int = 80) -> str:
        """The pane under the list, wrapped at `width` between words: what a strong answer
        does for the highlighted point and how one sounds, or the facts, or the probes."""
        if self.showing == "facts":
            facts = self.sheet.facts
            parts = ["Facts to reveal when asked:"]
            parts += [f"- {f.topic}: {f.answer.strip()}" for f in facts] or ["- none"]
        elif self.showing == "probes":
            parts = ["Follow-up probes:", *(f"- {p}" for p in self.sheet.probes)]
        elif not self.points:
            parts = ["No points to tick in this phase."]
        else:
            point = self.points[self.cursor]
            parts = [f"Listen for: {point.listen_for}"]
            parts += [f"Strong answer: {said}" for said in point.reference]
        width = max(width - 1, 20)
        return "\n".join(textwrap.fill(printable(part), width) for part in parts)


def _output_kwargs() -> dict[str, Any]:
    """With stdout redirected, the prompts stay on the terminal (stderr)."""
    if sys.stdout.isatty():
        return {}
    from prompt_toolkit.output import create_output

    return {"output": create_output(stdout=sys.stderr)}


class TerminalPairPrompter:
    def __init__(self, **app_kwargs: Any) -> None:
        import questionary  # imported here: only a terminal session pays for it
        from prompt_toolkit.styles import Style

        self._questionary = questionary
        self._app_kwargs = app_kwargs  # tests: a pipe input and a dummy output
        self._style = Style.from_dict(
            {
                "bottom-toolbar": "noreverse",
                "tick.current": "reverse",
                "timer.ok": "bg:#303030 #d0d0d0",
                "timer.amber": "bg:#af8700 #000000 bold",
                "timer.red": "bg:#af0000 #ffffff bold",
            }
        )

    def ticks(self, request: TickRequest) -> TickResult:
        state = TickList(request.sheet, dict(request.ticks))
        app = self._tick_app(state, request)
        try:
            result = app.run()
        except (KeyboardInterrupt, EOFError, OSError):  # SIGTERM, SIGHUP, a closed terminal
            return TickResult(dict(state.ticks), stopped=True)
        return result if isinstance(result, TickResult) else TickResult(dict(state.ticks))

    def _tick_app(self, state: TickList, request: TickRequest) -> Application[Any]:
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import HSplit, Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        bindings = KeyBindings()
        bindings.add("up")(lambda event: state.move(-1))
        bindings.add("down")(lambda event: state.move(1))
        bindings.add("space")(lambda event: state.cycle())
        bindings.add("f")(lambda event: state.show("facts"))
        bindings.add("p")(lambda event: state.show("probes"))
        for n, key in enumerate(_KEYS):
            bindings.add(key)(lambda event, n=n: state.cycle(n))

        @bindings.add("enter")
        def _next(event: Any) -> None:
            event.app.exit(result=TickResult(dict(state.ticks)))

        @bindings.add("c-c")
        def _stop(event: Any) -> None:
            event.app.exit(result=TickResult(dict(state.ticks), stopped=True))

        phase = request.sheet.phase
        help_line = (
            "Tick as you hear it: 1-9 or Space cycles ✓ made · ~ in passing · blank; "
            "↑↓ move · f facts · p probes · Enter: next phase · Ctrl-C: end the interview"
        )

        def detail() -> str:
            from prompt_toolkit.application import get_app

            return state.detail(get_app().output.get_size().columns)

        def toolbar() -> StyleAndTextTuples:
            return list(toolbar_fragments(phase, request.elapsed()))

        layout = HSplit(
            [
                Window(FormattedTextControl([("bold", f"Tick: {printable(phase.name)}")]), height=1),
                Window(FormattedTextControl(state.lines, focusable=True), dont_extend_height=True),
                Window(FormattedTextControl(detail), wrap_lines=True, dont_extend_height=True),
                Window(FormattedTextControl([("class:muted", help_line)]), wrap_lines=True,
                       dont_extend_height=True),
                Window(FormattedTextControl(toolbar), height=1, style="class:bottom-toolbar"),
            ]
        )  # fmt: skip
        return Application(
            layout=Layout(layout),
            key_bindings=bindings,
            style=self._style,
            refresh_interval=1.0,
            full_screen=False,
            **{**_output_kwargs(), **self._app_kwargs},
        )

    def note(self, phase: PhasePlan) -> str | None:
        from prompt_toolkit.key_binding import KeyBindings

        bindings = KeyBindings()

        @bindings.add("c-c")
        def _interrupt(event: Any) -> None:
            event.app.exit(exception=Interrupted(event.current_buffer.text))

        question = self._questionary.text(
            f"Note on {phase.name} (Enter to skip)",
            qmark="›",
            key_bindings=bindings,
            **{**_output_kwargs(), **self._app_kwargs},
        )
        try:
            return str(question.unsafe_ask() or "")
        except EOFError:
            return None
        except (KeyboardInterrupt, OSError):
            raise Interrupted(question.application.current_buffer.text) from None

    def rating(self, verdicts: Sequence[str], suggested: str) -> str | None:
        choices = [*verdicts, NO_RATING]
        try:
            chosen = self._questionary.select(
                f"Your overall rating (the ticks say: {suggested})",
                choices=choices,
                default=suggested if suggested in verdicts else NO_RATING,
                qmark="›",
                **{**_output_kwargs(), **self._app_kwargs},
            ).unsafe_ask()
        except (KeyboardInterrupt, EOFError, OSError):
            return None
        return None if chosen in (None, NO_RATING) else str(chosen)
