"""pywhence._record behaves as the dataclasses it replaces, for what pywhence uses."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from pywhence._record import FrozenInstanceError, field, fields, record, replace


@record(order=True)
class Version:
    major: int
    minor: int = 0


@dataclasses.dataclass(frozen=True, order=True)
class DVersion:
    major: int
    minor: int = 0


@record(frozen=False)
class Bag:
    items: list[str] = field(default_factory=list)
    count: int = 0


@record
class Child(Version):
    label: str = ""


def test_construction_matches_dataclasses() -> None:
    for args, kwargs in [((3,), {}), ((3, 12), {}), ((), {"major": 3, "minor": 1}), ((3,), {"minor": 2})]:
        r, d = Version(*args, **kwargs), DVersion(*args, **kwargs)
        assert (r.major, r.minor) == (d.major, d.minor)
        assert repr(r) == repr(d).replace("DVersion", "Version")
    for bad_args, bad_kwargs in [((), {}), ((1, 2, 3), {}), ((1,), {"major": 2}), ((1,), {"x": 2})]:
        with pytest.raises(TypeError):
            Version(*bad_args, **bad_kwargs)
        with pytest.raises(TypeError):
            DVersion(*bad_args, **bad_kwargs)


def test_equality_hash_order() -> None:
    assert Version(3, 12) == Version(3, 12) and Version(3, 12) != Version(3, 13)
    assert hash(Version(3, 12)) == hash(Version(3, 12))
    assert sorted([Version(3, 13), Version(3, 8), Version(3, 12)]) == [
        Version(3, 8), Version(3, 12), Version(3, 13)]
    assert (Version(3, 9) < Version(3, 10)) is (DVersion(3, 9) < DVersion(3, 10)) is True
    assert Version(3, 9) != (3, 9)  # not a tuple
    assert Child(3, 1, "x") != Version(3, 1)  # another class is never equal


def test_frozen_and_mutable() -> None:
    v = Version(3)
    with pytest.raises(FrozenInstanceError):
        v.major = 4  # type: ignore[misc]
    with pytest.raises(AttributeError):
        v.other = 1  # type: ignore[attr-defined]  # slotted: no __dict__
    b, c = Bag(), Bag()
    b.items.append("x")
    b.count = 2
    assert c.items == [] and c.count == 0  # the factory runs per instance
    with pytest.raises(TypeError):
        hash(b)  # mutable records are unhashable, as dataclasses with eq


def test_inheritance_replace_fields_pickle() -> None:
    c = Child(3, 2, "t")
    assert fields(c) == ("major", "minor", "label")
    assert replace(c, label="u") == Child(3, 2, "u")
    with pytest.raises(TypeError):
        replace(c, nope=1)
    for obj in (c, Bag(["a"], 1)):
        assert pickle.loads(pickle.dumps(obj)) == obj
        assert copy.copy(obj) == obj and copy.deepcopy(obj) == obj
