"""Value classes that cost nothing to define: the part of ``dataclasses`` pywhence uses.

``@dataclass`` writes each class's methods as source text and ``exec``\\ s it, and
importing ``dataclasses`` pulls in ``inspect``; for the twenty-odd result and input
types of pywhence that was most of the time ``pywhence path`` spent before doing any
work.  :func:`record` builds the same behaviour from shared functions instead: a slotted
class whose ``__init__`` takes the fields by position or name (with defaults and
:func:`field` factories), ``__eq__``/``__hash__``/``__repr__`` over the fields, ordering
on request, and frozen instances by default.  Type checkers see it as a dataclass
(PEP 681 ``dataclass_transform``).

Nothing here imports ``typing`` at run time: with ``from __future__ import annotations``
the annotations stay strings, and the names they use are imported for type checkers only.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from typing_extensions import dataclass_transform

    _T = TypeVar("_T")
    _C = TypeVar("_C", bound=type)
else:

    def dataclass_transform(**_options):
        return lambda decorator: decorator


__all__ = ["FrozenInstanceError", "field", "fields", "record", "replace"]


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record (as ``dataclasses.FrozenInstanceError``)."""


class _Factory:
    """A default made anew for each instance (``field(default_factory=list)``)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], _T]) -> _T:
    """A field whose default is ``default_factory()``, called for each new instance."""
    return _Factory(default_factory)  # type: ignore[return-value]


def fields(obj: object) -> tuple[str, ...]:
    """The field names of a record class or instance, in definition order."""
    names: tuple[str, ...] = obj.__record_fields__  # type: ignore[attr-defined]
    return names


def replace(obj: _T, **changes: Any) -> _T:
    """A copy of *obj* with *changes* (as ``dataclasses.replace``)."""
    for name in changes:
        if name not in obj.__record_fields__:  # type: ignore[attr-defined]
            raise TypeError(f"{type(obj).__name__} has no field {name!r}")
    values = {n: changes[n] if n in changes else getattr(obj, n)
              for n in obj.__record_fields__}  # type: ignore[attr-defined]
    return type(obj)(**values)


def _astuple(self: Any) -> tuple[Any, ...]:
    return tuple([getattr(self, n) for n in self.__record_fields__])


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    names: tuple[str, ...] = cls.__record_fields__
    put = object.__setattr__
    if not kwargs and len(args) == len(names):  # every field given in order: the common case
        for name, value in zip(names, args):
            put(self, name, value)
        return
    if len(args) > len(names):
        raise TypeError(f"{cls.__name__}() takes {len(names)} arguments, {len(args)} given")
    for name, value in zip(names, args):
        put(self, name, value)
    defaults: dict[str, Any] = cls.__record_defaults__
    for name in names[len(args):]:
        if name in kwargs:
            value = kwargs.pop(name)
        elif name in defaults:
            value = defaults[name]
            if type(value) is _Factory:
                value = value.make()
        else:
            raise TypeError(f"{cls.__name__}() missing argument {name!r}")
        put(self, name, value)
    if kwargs:
        unknown = next(iter(kwargs))
        if unknown in names:
            raise TypeError(f"{cls.__name__}() got multiple values for {unknown!r}")
        raise TypeError(f"{cls.__name__}() got an unexpected argument {unknown!r}")


def _repr(self: Any) -> str:
    inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__record_fields__)
    return f"{type(self).__qualname__}({inner})"


def _eq(self: Any, other: object) -> bool:
    if type(other) is not type(self):
        return NotImplemented  # type: ignore[no-any-return]
    same: bool = _astuple(self) == _astuple(other)
    return same


def _hash(self: Any) -> int:
    return hash(_astuple(self))


def _frozen_setattr(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _compare(op: str) -> Callable[[Any, object], bool]:
    def compare(self: Any, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented  # type: ignore[no-any-return]
        a, b = _astuple(self), _astuple(other)
        result: bool = getattr(a, op)(b)
        return result

    compare.__name__ = op
    return compare


def _getstate(self: Any) -> tuple[Any, ...]:
    return _astuple(self)


def _setstate(self: Any, state: tuple[Any, ...]) -> None:
    for name, value in zip(self.__record_fields__, state):
        object.__setattr__(self, name, value)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(
    cls: _C | None = None, *, frozen: bool = True, order: bool = False
) -> Any:
    """Make *cls* a record: slotted, compared and hashed by its fields, frozen by default.

    The fields are the class's own annotations after its bases' (a record may extend
    another).  Class attributes of the same names are the defaults.
    """

    def build(cls: type) -> type:
        inherited: tuple[str, ...] = getattr(cls, "__record_fields__", ())
        # The class's own annotations only (a base's are in __record_fields__); every
        # pywhence module uses `from __future__ import annotations`, so they are strings
        # stored eagerly in the class namespace on every version, 3.14 included.
        annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
        own = tuple(n for n in annotations if n not in inherited)
        names = inherited + own
        defaults = dict(getattr(cls, "__record_defaults__", {}))
        ns = {k: v for k, v in cls.__dict__.items()
              if k not in own and k not in ("__dict__", "__weakref__")}
        for name in own:
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
            elif defaults:
                raise TypeError(f"{cls.__name__}: field {name!r} without a default follows "
                                "one with a default")
        ns["__slots__"] = own
        ns["__record_fields__"] = names
        ns["__record_defaults__"] = defaults
        ns["__init__"] = _init
        ns["__repr__"] = _repr
        ns["__eq__"] = _eq
        ns["__getstate__"] = _getstate
        ns["__setstate__"] = _setstate
        if frozen:
            ns["__hash__"] = _hash
            ns["__setattr__"] = _frozen_setattr
            ns["__delattr__"] = _frozen_delattr
        else:
            ns["__hash__"] = None
        if order:
            for op in ("__lt__", "__le__", "__gt__", "__ge__"):
                ns[op] = _compare(op)
        return type(cls)(cls.__name__, cls.__bases__, ns)

    if cls is None:
        return build
    return build(cls)
