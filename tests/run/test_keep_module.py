"""keep_module=True: the script's module outlives the call, for pickle and typing."""

from __future__ import annotations

import pickle
import sys
import typing
from pathlib import Path
from types import ModuleType

import pytest

from pywhence.run import run_path

from .helpers import make_zip, write

SCRIPT = """\
from __future__ import annotations
import dataclasses

@dataclasses.dataclass
class Point:
    x: int
    label: Label

class Label(str):
    pass

def make():
    return Point(1, Label("a"))
"""


@pytest.fixture
def script(tmp_path: Path) -> Path:
    return write(tmp_path / "points.py", SCRIPT)


def test_classes_pickle_and_hints_resolve(script: Path) -> None:
    result = run_path(str(script), run_name="pw_kept_points", keep_module=True)
    try:
        module = sys.modules["pw_kept_points"]
        assert type(module) is ModuleType
        assert module.__dict__ is result
        point = result["make"]()
        assert pickle.loads(pickle.dumps(point)) == point
        assert typing.get_type_hints(result["Point"]) == {"x": int, "label": result["Label"]}
    finally:
        del sys.modules["pw_kept_points"]


def test_without_keep_module_neither_works(script: Path) -> None:
    """Shows what keep_module is for: runpy's behaviour, kept by default."""
    result = run_path(str(script), run_name="pw_not_kept")
    assert "pw_not_kept" not in sys.modules
    with pytest.raises((pickle.PicklingError, AttributeError, ModuleNotFoundError)):
        pickle.dumps(result["make"]())
    with pytest.raises((NameError, KeyError)):  # KeyError on 3.9
        typing.get_type_hints(result["Point"])


@pytest.mark.parametrize("kind", ["dir", "zip"])
def test_directory_and_zip_modules_are_kept(tmp_path: Path, kind: str) -> None:
    if kind == "dir":
        target = write(tmp_path / "app" / "__main__.py", SCRIPT).parent
    else:
        target = make_zip(tmp_path / "app.zip", {"__main__.py": SCRIPT})
    result = run_path(target, run_name="pw_kept_app", keep_module=True)
    try:
        assert sys.modules["pw_kept_app"].__dict__ is result
        point = result["make"]()
        assert pickle.loads(pickle.dumps(point)) == point
    finally:
        del sys.modules["pw_kept_app"]


def test_previous_entry_is_replaced_only_with_keep_module(script: Path) -> None:
    previous = ModuleType("pw_previous")
    sys.modules["pw_previous"] = previous
    try:
        run_path(str(script), run_name="pw_previous")
        assert sys.modules["pw_previous"] is previous
        result = run_path(str(script), run_name="pw_previous", keep_module=True)
        assert sys.modules["pw_previous"] is not previous
        assert sys.modules["pw_previous"].__dict__ is result
    finally:
        del sys.modules["pw_previous"]


def test_keep_module_as_main_replaces_main(script: Path) -> None:
    """Documented: with run_name="__main__" the real __main__ is replaced."""
    real_main = sys.modules["__main__"]
    try:
        result = run_path(str(script), run_name="__main__", keep_module=True)
        assert sys.modules["__main__"].__dict__ is result
        assert result["Point"].__module__ == "__main__"
        point = result["make"]()
        assert pickle.loads(pickle.dumps(point)) == point
    finally:
        sys.modules["__main__"] = real_main


def test_kept_module_globals_are_live(script: Path) -> None:
    """The returned dict is the module's namespace, not a copy."""
    result = run_path(str(script), run_name="pw_live", keep_module=True)
    try:
        sys.modules["pw_live"].added_later = 42
        assert result["added_later"] == 42
    finally:
        del sys.modules["pw_live"]
