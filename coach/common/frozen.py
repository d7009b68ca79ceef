"""`@frozen`: `@dataclass(frozen=True, slots=True)`, about half as costly to define.

On Python 3.11 a dataclass compiles the source of each method it writes (exec):
six for a frozen one, 0.6-0.8 ms per class, and `coach score` defines 34 of them
before it grades anything (27 ms of a command meant to start in about 120).
`@frozen` lets dataclasses write what depends on the class's own signature
(`__init__`, and the frozen `__setattr__`/`__delattr__`) and gives `__eq__`,
`__hash__` and `__repr__` as closures over the field names, which cost nothing
to make. They behave as the generated ones do: equal when of the same class with
equal compared fields, hashed on the same fields, `Name(field=value, ...)`.

A frozen class also unpickles by setting its slots directly (the dataclasses
`__setstate__` calls fields() for every object; reading a bank of 10,000 questions
back from the cache spent most of its time there). The pickled state is the same
list of field values, so cache files stay as they were.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, cast, dataclass_transform, overload

__all__ = ["frozen"]

T = TypeVar("T", bound=type)


@overload
def frozen(cls: T, /) -> T: ...
@overload
def frozen(*, eq: bool = True) -> Callable[[T], T]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: T | None = None, /, *, eq: bool = True) -> T | Callable[[T], T]:
    """A frozen slots dataclass; `eq=False` keeps identity equality and hashing."""

    def wrap(cls: T) -> T:
        own = set(vars(cls))
        if cls.__doc__ is None:  # else dataclasses builds one with inspect.signature: 0.1 ms
            cls.__doc__ = f"{cls.__name__}({', '.join(vars(cls).get('__annotations__', ()))})"
        made = cast(T, dataclasses.dataclass(frozen=True, slots=True, eq=False, repr=False)(cls))
        fields = dataclasses.fields(made)
        methods = {"__setstate__": _setstate_method(made, [f.name for f in fields])}
        if "__repr__" not in own:
            methods["__repr__"] = _repr_method(made, [f.name for f in fields if f.repr])
        if eq:
            compared = [f.name for f in fields if f.compare]
            hashed = [f.name for f in fields if f.hash or (f.hash is None and f.compare)]
            if "__eq__" not in own:
                methods["__eq__"] = _eq_method(made, _values(compared))
            if vars(cls).get("__hash__") is None:  # as dataclasses: a frozen class hashes
                methods["__hash__"] = _hash_method(made, _values(hashed))
        for name, method in methods.items():
            setattr(made, name, method)
        return made

    return wrap if cls is None else wrap(cls)


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The named fields of an object as a tuple, as the generated methods compare them."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _named(method: Any, cls: type, name: str) -> Any:
    method.__name__ = name
    method.__qualname__ = f"{cls.__qualname__}.{name}"
    return method


def _eq_method(cls: type, values: Callable[[Any], tuple[Any, ...]]) -> Any:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return _named(__eq__, cls, "__eq__")


def _hash_method(cls: type, values: Callable[[Any], tuple[Any, ...]]) -> Any:
    def __hash__(self: Any) -> int:
        return hash(values(self))

    return _named(__hash__, cls, "__hash__")


def _repr_method(cls: type, names: list[str]) -> Any:
    @reprlib.recursive_repr("...")
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return _named(__repr__, cls, "__repr__")


def _setstate_method(cls: type, names: list[str]) -> Any:
    setters = tuple(getattr(cls, name).__set__ for name in names)  # the slots

    def __setstate__(self: Any, state: list[Any]) -> None:
        for set_slot, value in zip(setters, state, strict=True):
            set_slot(self, value)

    return _named(__setstate__, cls, "__setstate__")
