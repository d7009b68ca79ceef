"""The candidate's answer box: questionary's multi-line text prompt with a live timer.

The bottom toolbar shows the phase and elapsed / budget time and is redrawn
every second, also while the candidate is thinking; it turns amber once the
phase reaches its budget and red past it. Ctrl-C leaves with what was typed
(the session keeps it as a draft); Ctrl-D on an empty answer skips.
"""

from __future__ import annotations

import sys
from typing import Any

from coach.errors import CoachError
from coach.session import AnswerRequest, Interrupted
from coach.ui.timefmt import clock_text

__all__ = ["TerminalPrompter", "toolbar_state"]

EDITOR_LINE = ":e"


def toolbar_state(elapsed_seconds: float, min_minutes: float, max_minutes: float) -> str:
    """'ok' before the budget, 'amber' once within it, 'red' past it."""
    minutes = elapsed_seconds / 60
    if minutes > max_minutes:
        return "red"
    if minutes >= min_minutes:
        return "amber"
    return "ok"


class TerminalPrompter:
    def __init__(self) -> None:
        import questionary  # imported here: it costs ~150 ms and only prompts need it
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.styles import Style

        self._questionary = questionary
        self._bindings = KeyBindings()
        self._style = Style.from_dict(
            {
                "bottom-toolbar": "noreverse",
                "timer.ok": "bg:#303030 #d0d0d0",
                "timer.amber": "bg:#af8700 #000000 bold",
                "timer.red": "bg:#af0000 #ffffff bold",
            }
        )

        @self._bindings.add("c-c")
        def _interrupt(event: Any) -> None:
            event.app.exit(exception=Interrupted(event.current_buffer.text))

        @self._bindings.add("c-e")
        def _editor(event: Any) -> None:
            event.current_buffer.open_in_editor()

    def answer(self, request: AnswerRequest) -> str | None:
        phase = request.phase

        def toolbar() -> list[tuple[str, str]]:
            elapsed = request.elapsed()
            state = toolbar_state(elapsed, phase.min_minutes, phase.max_minutes)
            budget = (
                f"{phase.max_minutes:g}"
                if phase.min_minutes == phase.max_minutes
                else f"{phase.min_minutes:g}–{phase.max_minutes:g}"
            )
            note = {"ok": "", "amber": "  at budget: wrap up", "red": "  over budget"}[state]
            text = f" {phase.name} · {clock_text(elapsed)} / {budget} min{note} "
            return [(f"class:timer.{state}", text)]

        kwargs: dict[str, Any] = {}
        if not sys.stdout.isatty():
            from prompt_toolkit.output import create_output

            kwargs["output"] = create_output(stdout=sys.stderr)
        question = self._questionary.text(
            request.message,
            default=request.default,
            multiline=True,
            qmark="›",
            instruction=" ",
            style=self._style,
            bottom_toolbar=toolbar,
            refresh_interval=1.0,
            key_bindings=self._bindings,
            **kwargs,
        )
        try:
            text: str = question.unsafe_ask()
        except EOFError:
            return None
        except KeyboardInterrupt:
            raise Interrupted("") from None
        if (
            text.strip().endswith(EDITOR_LINE)
            and text.strip().splitlines()[-1].strip() == EDITOR_LINE
        ):
            text = self._edit(text.rstrip()[: -len(EDITOR_LINE)])
        return text

    def rate(self, suggested: int) -> int:
        """The candidate's own rating for a quiz answer; Enter keeps the suggestion."""
        from coach.schedule import RATING_NAMES

        kwargs: dict[str, Any] = {}
        if not sys.stdout.isatty():
            from prompt_toolkit.output import create_output

            kwargs["output"] = create_output(stdout=sys.stderr)
        names = [RATING_NAMES[n] for n in sorted(RATING_NAMES)]
        try:
            chosen = self._questionary.select(
                "How well did you know it?",
                choices=names,
                default=RATING_NAMES[suggested],
                qmark="›",
                **kwargs,
            ).unsafe_ask()
        except KeyboardInterrupt:
            raise Interrupted("") from None
        except EOFError:
            return suggested
        return next(n for n, name in RATING_NAMES.items() if name == chosen)

    def _edit(self, text: str) -> str:
        from coach.editor import edit_text

        try:
            return edit_text(text)
        except CoachError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return text
