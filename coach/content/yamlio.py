"""Reading YAML content with precise error positions.

The happy path parses once with libyaml (when present) and never composes a
node tree. Only when something is wrong do we compose the text into nodes and
walk an error's path (`("questions", 3, "facts", 0, "answer")`) down to the
node, to report `file:line:col`.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Hashable, Sequence
from typing import Any

import yaml

from coach.errors import ContentError, ContentProblem

__all__ = ["Locator", "parse_yaml"]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Limits that keep a hostile file from hanging or crashing coach; real content
# nests about ten levels deep and uses few aliases, if any.
MAX_DEPTH = 200  # libyaml composes recursively in C: ~25,000 levels crash the process
MAX_ALIASED = 100_000  # values that aliases may add in all ("billion laughs")
# No mapping of a bank or rubric has more than a few dozen keys; 200,000 unknown ones
# took 5 s and 490 MB to report one by one.
MAX_KEYS = 1_000


_MERGE = "tag:yaml.org,2002:merge"


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader that refuses duplicate keys (PyYAML keeps the last silently).

    Merge keys (`<<: *base`) work as in PyYAML: the mapping's own keys win.
    Construction runs in Python even with libyaml, once per node, so the
    checks cost nothing per node on the happy path: a mapping is compared
    with its dict afterwards, and values that can fail are wrapped by tag.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        if len(node.value) > MAX_KEYS:
            raise yaml.constructor.ConstructorError(
                None, None, f"a mapping with more than {MAX_KEYS:,} keys", node.start_mark
            )
        if any(key_node.tag == _MERGE for key_node, _ in node.value):
            self._refuse_duplicates(node, deep)
            return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]
        try:
            mapping: dict[Hashable, Any] = super().construct_mapping(node, deep=deep)
        except yaml.constructor.ConstructorError as exc:
            if exc.problem == "found unhashable key":
                raise yaml.constructor.ConstructorError(
                    None, None, _UNHASHABLE, exc.problem_mark
                ) from None
            raise
        if len(mapping) != len(node.value):  # a key was given twice: say which
            self._refuse_duplicates(node, deep)
        return mapping

    def _refuse_duplicates(self, node: yaml.MappingNode, deep: bool) -> None:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue  # merged by SafeConstructor.construct_mapping
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    None, None, _UNHASHABLE, key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first at line {seen[key].start_mark.line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        """The tag of a node; a plain scalar's depends on its text alone, and the same
        keys and words come back thousands of times in a bank."""
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < 100_000:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


_UNHASHABLE = "a key must be a single value, not a list or mapping"
_PLAIN_TAGS: dict[str, str] = {}


def _located(construct: Any) -> Any:
    """A value PyYAML cannot build (an integer of 5,000 digits, February 30th) is an
    error at its position, not a ValueError from deep inside PyYAML."""

    def wrapper(loader: _StrictLoader, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except ValueError as exc:
            if "integer string conversion" in str(exc):
                message = f"a number with more than {sys.get_int_max_str_digits()} digits"
            else:
                message = f"cannot read this value: {str(exc)[:80]}"
            raise yaml.constructor.ConstructorError(None, None, message, node.start_mark) from None

    return wrapper


for _tag in ("int", "float", "timestamp", "binary"):
    _full = f"tag:yaml.org,2002:{_tag}"
    _StrictLoader.add_constructor(_full, _located(yaml.SafeLoader.yaml_constructors[_full]))


# What YAML may not contain (PyYAML's and libyaml's readers use the same set).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

# Errors where the file ends inside something: it is reported where that starts.
_UNCLOSED = {
    "while scanning a quoted scalar": "this quoted string is never closed",
    "while parsing a flow sequence": "this '[' is never closed",
    "while parsing a flow mapping": "this '{' is never closed",
}


def parse_yaml(text: str, path: str) -> Any:
    """Parse YAML text; syntax errors, duplicate keys and hostile shapes become a ContentError."""
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line, col = position_of(text, bad.start())
        message = f"character U+{ord(bad.group()):04X} is not allowed in YAML"
        if "\0" in text[:2]:  # UTF-16 without a byte-order mark
            message += " (a UTF-16 file? save it as UTF-8)"
        raise ContentError([ContentProblem(path, line, col, message)])
    collecting = gc.isenabled()
    gc.disable()  # the loader makes no cycles; collecting as its nodes pile up took 3/4 of a load
    try:
        _check_shape(text, path)
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        raise ContentError([_syntax_problem(exc, text, path)]) from None
    except yaml.YAMLError as exc:
        message = str(exc).splitlines()[0] if str(exc) else "?"
        raise ContentError([ContentProblem(path, 0, 0, f"invalid YAML: {message}")]) from None
    finally:
        if collecting:
            gc.enable()


def position_of(text: str, index: int) -> tuple[int, int]:
    """1-based (line, col) of a character index."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str) -> ContentProblem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "invalid YAML"
    if exc.context == "expected a single document in the stream":
        message = "only one YAML document per file; a second one starts here"
    elif exc.context in _UNCLOSED and exc.context_mark and mark and mark.line >= text.count("\n"):
        mark, message = exc.context_mark, _UNCLOSED[exc.context]
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return ContentProblem(path, line, col, message)


def _check_shape(text: str, path: str) -> None:
    """Refuse nesting and alias expansion that would hang or crash the loader.

    Aliases share one object after loading, but anything that walks the value
    (validation, repr) sees it expanded: nine aliases of nine aliases... make
    a few lines stand for 9^9 values. Counting on parser events, before
    anything is composed, costs about a third of a load and locates the alias.
    """
    sizes: dict[str, int] = {}  # anchor -> values it stands for; 0 while still open
    open_sizes = [0]  # values in each open collection, outermost first
    anchors: list[str | None] = [None]
    added = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_sizes) > MAX_DEPTH:
                raise _refusal(path, event, f"nested more than {MAX_DEPTH} levels deep")
            if event.anchor is not None:
                sizes[event.anchor] = 0
            open_sizes.append(1)
            anchors.append(event.anchor)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            size, anchor = open_sizes.pop(), anchors.pop()
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        elif isinstance(event, yaml.AliasEvent):
            size, anchor = sizes.get(event.anchor or "", 1), None
            if size == 0:
                raise _refusal(
                    path, event, f"alias '*{event.anchor}' is inside the node it names (a loop)"
                )
            added += size
            if added > MAX_ALIASED:
                raise _refusal(
                    path,
                    event,
                    f"alias '*{event.anchor}' makes the file expand past {MAX_ALIASED:,} values;"
                    " use fewer aliases",
                )
        else:
            continue  # stream and document boundaries
        if anchor is not None:
            sizes[anchor] = size
        open_sizes[-1] += size


def _refusal(path: str, event: yaml.Event, message: str) -> ContentError:
    mark = event.start_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return ContentError([ContentProblem(path, line, col, message)])


class Locator:
    """Finds the line and column of a path into a YAML document, lazily."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self._root: yaml.Node | None = None
        self._composed = False

    def _tree(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=_BaseLoader)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def problem(
        self, loc: Sequence[int | str], message: str, *, key: bool = False
    ) -> ContentProblem:
        line, col = self.position(loc, key=key)
        return ContentProblem(self.path, line, col, message)

    def position(self, loc: Sequence[int | str], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the deepest node the path reaches.

        With key=True the last step names a mapping key, and its key node is
        meant (an unknown key is reported where it is written).
        """
        node = self._tree()
        if node is None:
            return (0, 0)
        steps = list(loc)
        last = steps.pop() if key and steps else None
        for step in steps:
            child = _child(node, step)
            if child is None:
                break
            node = child
        if last is not None and isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if str(key_node.value) == str(last):
                    node = key_node
                    break
        return (node.start_mark.line + 1, node.start_mark.column + 1)


def _child(node: yaml.Node, step: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        child: yaml.Node | None = node.value[step] if 0 <= step < len(node.value) else None
        return child
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if str(key_node.value) == str(step):
                found: yaml.Node = value_node
                return found
        for key_node, value_node in node.value:  # `<<: *base` or `<<: [*a, *b]`
            if key_node.tag == _MERGE:
                sources = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                for source in sources:
                    merged = _child(source, step)
                    if merged is not None:
                        return merged
    return None
