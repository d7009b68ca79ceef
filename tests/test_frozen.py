"""`@frozen` behaves as `@dataclass(frozen=True, slots=True)` does, method by method."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import FrozenInstanceError, field

import pytest
from pydantic import TypeAdapter

from coach.common.frozen import frozen


@frozen
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False, repr=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Reference:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False, repr=False)


@frozen
class Other:
    x: int
    y: int = 0


@frozen(eq=False)
class Key:
    name: str


@frozen
class Node:
    """A tree node."""

    children: list[Node] = field(default_factory=list)


def test_repr_is_the_dataclass_repr() -> None:
    assert repr(Point(1, 2, ("a",), "n")) == repr(Reference(1, 2, ("a",), "n")).replace(
        "Reference", "Point"
    )


def test_equality_and_hash_follow_the_compared_fields() -> None:
    assert Point(1, 2, note="a") == Point(1, 2, note="b")
    assert hash(Point(1, 2, note="a")) == hash(Point(1, 2, note="b"))
    assert Point(1, 2) != Point(1, 3)
    assert Point(1) != Other(1)  # type: ignore[comparison-overlap]  # another class is never equal, as with dataclasses
    assert Point(1).__eq__(Other(1)) is NotImplemented
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_without_eq_identity_decides() -> None:
    a, b = Key("k"), Key("k")
    assert a != b and a == a and len({a, b}) == 2


def test_fields_are_frozen() -> None:
    point = Point(1)
    with pytest.raises(FrozenInstanceError):
        setattr(point, "x", 2)  # noqa: B010
    with pytest.raises(FrozenInstanceError):
        delattr(point, "x")
    # a new attribute fails as it does for a dataclass (a TypeError on Python 3.11)
    for obj in (point, Reference(1)):
        with pytest.raises((AttributeError, TypeError)):
            setattr(obj, "other", 1)  # noqa: B010


def test_pickle_replace_and_asdict_work_as_for_a_dataclass() -> None:
    point = Point(1, 2, ("a", "b"), "kept")
    back = pickle.loads(pickle.dumps(point))
    assert back == point and back.note == "kept"
    assert dataclasses.replace(point, y=5) == Point(1, 5, ("a", "b"))
    assert dataclasses.asdict(point) == dataclasses.asdict(Reference(1, 2, ("a", "b"), "kept"))
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "tags", "note"]


def test_a_default_factory_and_a_recursive_repr() -> None:
    node = Node()
    node.children.append(node)
    assert repr(node) == "Node(children=[...])"
    assert Node().children is not Node().children


def test_pydantic_validates_it_like_a_dataclass() -> None:
    adapter = TypeAdapter(Point)
    assert adapter.validate_python({"x": 1, "tags": ["a"]}) == Point(1, 0, ("a",))
    with pytest.raises(ValueError, match="x"):
        adapter.validate_python({"y": 1})


def test_its_own_methods_are_kept() -> None:
    @frozen
    class Shout:
        word: str

        def __repr__(self) -> str:
            return self.word.upper()

    assert repr(Shout("hi")) == "HI"
