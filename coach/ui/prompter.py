"""The candidate's answer box: a multi-line prompt_toolkit prompt with a live timer.

The label is on its own line(s) and the text below it takes the whole width, wrapped
at words (coach.ui.answer_box). The bottom toolbar shows the phase and elapsed / budget time and is redrawn
every second, also while the candidate is thinking; it turns amber once the
phase reaches its budget and red past it. Ctrl-C leaves with what was typed
(the session keeps it as a draft); Ctrl-D on an empty answer skips. Ctrl-E and
a last line `:e` open $EDITOR the same way: what was typed is saved as a draft
first, and when the editor fails, one line says why and the text stays.

What is typed is autosaved (`AnswerRequest.autosave`) at most AUTOSAVE_SECONDS after
each change (coach.ui.autosave), so a kill -9 loses at most the last second of typing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coach.common.timefmt import budget_text, clock_text
from coach.errors import CoachError, Interrupted
from coach.session.plan import PhasePlan
from coach.session.ports import AnswerRequest

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.key_binding import KeyBindings

__all__ = ["TerminalPrompter", "toolbar_fragments", "toolbar_state"]

EDITOR_LINE = ":e"


WRAP_UP_MINUTES = 1.0  # a one-number budget ("10 min") turns amber this long before it
WRAP_UP_SHARE = 1 / 3  # ... or this share of it, when that is shorter


def toolbar_state(elapsed_seconds: float, min_minutes: float, max_minutes: float) -> str:
    """'ok' before the budget, 'amber' once within it, 'red' past it.

    A range ("5–10 min") is within budget from its minimum; a single number
    ("10 min", or a minimum of 0) has no range to be within, so it warns in its
    last minute instead of only at the exact second.
    """
    minutes = elapsed_seconds / 60
    if minutes > max_minutes:
        return "red"
    has_range = 0 < min_minutes < max_minutes
    # the last minute, or the last third of a budget shorter than 3 minutes (a sprint's
    # one-minute phase turns amber at 0:40, not at once)
    wrap_up = min(WRAP_UP_MINUTES, max_minutes * WRAP_UP_SHARE)
    amber_from = min_minutes if has_range else max(0.0, max_minutes - wrap_up)
    return "amber" if minutes >= amber_from else "ok"


def toolbar_fragments(phase: PhasePlan, elapsed_seconds: float) -> list[tuple[str, str]]:
    """The bottom toolbar: ' Data · 3:07 / 10 min ', styled by toolbar_state."""
    state = toolbar_state(elapsed_seconds, phase.min_minutes, phase.max_minutes)
    note = {"ok": "", "amber": "  at budget: wrap up", "red": "  over budget"}[state]
    budget = budget_text(phase.min_minutes, phase.max_minutes)
    text = f" {phase.name} · {clock_text(elapsed_seconds)} / {budget}{note} "
    return [(f"class:timer.{state}", text)]


class TerminalPrompter:
    def __init__(self) -> None:
        import questionary  # imported here: it costs ~150 ms and only prompts need it
        from prompt_toolkit.styles import Style

        self._questionary = questionary
        self._style = Style.from_dict(
            {
                "bottom-toolbar": "noreverse",
                "answer.mark": "bold",
                "answer.label": "bold",
                "timer.ok": "bg:#303030 #d0d0d0",
                "timer.amber": "bg:#af8700 #000000 bold",
                "timer.red": "bg:#af0000 #ffffff bold",
            }
        )

    def _key_bindings(self, request: AnswerRequest) -> KeyBindings:
        from prompt_toolkit.application import run_in_terminal
        from prompt_toolkit.document import Document
        from prompt_toolkit.key_binding import KeyBindings

        bindings = KeyBindings()

        @bindings.add("c-c")
        def _interrupt(event: Any) -> None:
            event.app.exit(exception=Interrupted(event.current_buffer.text))

        @bindings.add("c-e")
        def _editor(event: Any) -> None:
            buffer = event.current_buffer
            typed = buffer.text

            async def edit() -> None:
                # In the terminal, above the prompt: the editor takes the screen, and an
                # error line stays above the prompt when it comes back.
                edited = await run_in_terminal(lambda: self._edit(typed, request))
                if edited is not None:
                    edited = edited.removesuffix("\n")
                    buffer.document = Document(edited, len(edited))

            event.app.create_background_task(edit())

        return bindings

    def answer(self, request: AnswerRequest) -> str | None:
        default = request.default
        while True:
            box = self._answer_box(request, default)
            try:
                text: str = box.app.run()
            except EOFError:
                return None
            except (KeyboardInterrupt, OSError):
                # SIGTERM or SIGHUP (see coach.practice.runner), or the terminal went away:
                # the box is gone but its buffer still holds what was typed.
                raise Interrupted(box.default_buffer.text) from None
            typed = _before_editor_line(text)
            if typed is None:
                return text
            try:
                edited = self._edit(typed, request)
            except KeyboardInterrupt:
                raise Interrupted(typed) from None
            if edited is not None:
                return edited
            default = typed  # the editor failed: back in the box with what was typed

    def _answer_box(self, request: AnswerRequest, default: str) -> Any:
        """A multi-line prompt_toolkit prompt: the label on its own line(s), then the text
        full width and wrapped at words (coach.ui.answer_box), the timer below."""
        from prompt_toolkit import PromptSession
        from prompt_toolkit.application.current import get_app
        from prompt_toolkit.document import Document

        from coach.ui.answer_box import label_fragments, word_wrap_processor

        def toolbar() -> StyleAndTextTuples:
            return [*toolbar_fragments(request.phase, request.elapsed())]

        def label() -> StyleAndTextTuples:  # at every redraw: it follows a resize
            return [*label_fragments(request.message, get_app().output.get_size().columns)]

        kwargs: dict[str, Any] = {}
        if not sys.stdout.isatty():
            from prompt_toolkit.output import create_output

            kwargs["output"] = create_output(stdout=sys.stderr)
        box: Any = PromptSession(
            label,
            multiline=True,
            wrap_lines=True,
            input_processors=[word_wrap_processor()],
            style=self._style,
            bottom_toolbar=toolbar,
            refresh_interval=1.0,
            key_bindings=self._key_bindings(request),
            **kwargs,
        )
        box.default_buffer.reset(Document(default))
        _autosave(box.default_buffer, request)
        return box

    def rate(self, suggested: int) -> int:
        """The candidate's own rating for a quiz answer; Enter keeps the suggestion."""
        from coach.session.ratings import RATING_NAMES

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

    def _edit(self, text: str, request: AnswerRequest) -> str | None:
        """The editor, for Ctrl-E and `:e` alike: what was typed is saved first, and a
        failure is one line on stderr and None (the caller keeps what was typed)."""
        from coach.ui.editor import edit_text

        request.save_draft(text)
        try:
            return edit_text(text)
        except CoachError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return None


def _autosave(buffer: Any, request: AnswerRequest) -> None:
    """Save the buffer's text on each change, at most once a second and never later."""
    import asyncio
    import time

    from coach.ui.autosave import AUTOSAVE_SECONDS, Autosave

    def later(delay: float, flush: Callable[[], None]) -> object:
        try:
            return asyncio.get_running_loop().call_later(delay, flush)  # the prompt's loop
        except RuntimeError:  # a change made outside the prompt's loop: save it now
            flush()
            return None

    saver = Autosave(
        request.autosave, interval=AUTOSAVE_SECONDS, clock=time.monotonic, schedule=later
    )
    buffer.on_text_changed += lambda changed: saver.changed(changed.text)


def _before_editor_line(text: str) -> str | None:
    """What was typed above a last line `:e`; None when the last line is something else."""
    lines = text.strip().splitlines()
    if not lines or lines[-1].strip() != EDITOR_LINE:
        return None
    return text.rstrip()[: -len(EDITOR_LINE)]
