"""run_path gives the globals and sys state the running runpy.run_path gives.

Each case runs the same input through ``runpy.run_path`` and
``pywhence.run.run_path`` and compares the returned globals key by key (in
order), the dunder values, the spec's attributes and the loader, and what
the script itself saw of ``sys.argv[0]``, ``sys.path[0]`` and
``sys.modules`` while it ran.
"""

from __future__ import annotations

import os
import pathlib
import pkgutil  # noqa: F401 - runpy imports it on first use; keep sys.modules stable
import py_compile
import runpy
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pywhence.run import run_path

from .helpers import make_zip, write

PROBE = '''\
"""probe docstring"""
import sys
seen_argv0 = sys.argv[0]
seen_path0 = sys.path[0]
seen_in_modules = __name__ in sys.modules
seen_is_module = seen_in_modules and sys.modules[__name__].__dict__ is globals()
seen_doc = __doc__
def f():
    return 1
'''

SPEC_ATTRS = ("name", "origin", "cached", "parent", "has_location", "submodule_search_locations")


def describe(value: object) -> object:
    """A comparable stand-in for loaders and specs (which compare by identity)."""
    if value is None:
        return None
    if hasattr(value, "submodule_search_locations") and hasattr(value, "loader"):
        spec: Any = value
        return ("spec", tuple(getattr(spec, a) for a in SPEC_ATTRS), describe(spec.loader))
    if hasattr(value, "get_code"):
        return (
            "loader",
            type(value),
            getattr(value, "name", None),
            getattr(value, "path", None),
            getattr(value, "archive", None),
            getattr(value, "prefix", None),
        )
    return value


def snapshot(result: dict[str, Any]) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for key, value in result.items():
        if key == "__builtins__":
            out.append((key, "present"))
        elif key == "f":
            out.append((key, (value.__module__, value.__code__.co_filename)))
        elif key == "sys":
            out.append((key, value is sys))
        else:
            out.append((key, describe(value)))
    return out


def both(arg: object, **kwargs: Any) -> tuple[list[tuple[str, object]], list[tuple[str, object]]]:
    """(runpy's, ours), with the sys state checked to be restored by both."""
    results = []
    runner: Callable[..., dict[str, Any]]
    for runner in (runpy.run_path, run_path):
        argv, path = list(sys.argv), list(sys.path)
        modules = dict(sys.modules)
        result = runner(arg, **kwargs)
        assert sys.argv == argv
        assert sys.path == path
        assert sys.modules.keys() == modules.keys()
        assert all(sys.modules[k] is v for k, v in modules.items())
        results.append(snapshot(result))
    return results[0], results[1]


@pytest.fixture
def tree(tmp_path: Path, no_bytecode_writes: None) -> dict[str, Path]:
    """A script, a .pyc, a directory and zips, all running PROBE."""
    script = write(tmp_path / "script.py", PROBE)
    noext = write(tmp_path / "script_noext", PROBE)
    pyc = tmp_path / "compiled.pyc"
    src_for_pyc = write(tmp_path / "for_pyc.py", PROBE)
    py_compile.compile(str(src_for_pyc), cfile=str(pyc), doraise=True)
    src_for_pyc.unlink()
    directory = tmp_path / "app"
    write(directory / "__main__.py", PROBE)
    legacy_dir = tmp_path / "legacyapp"
    legacy_dir.mkdir()
    py_compile.compile(str(script), cfile=str(legacy_dir / "__main__.pyc"), doraise=True)
    zipped = make_zip(tmp_path / "app.zip", {"__main__.py": PROBE})
    zipped_pyc = make_zip(
        tmp_path / "appc.zip", {"__main__.pyc": (legacy_dir / "__main__.pyc").read_bytes()}
    )
    nested = make_zip(tmp_path / "nested.zip", {"sub/__main__.py": PROBE})
    return {
        "script": script,
        "noext": noext,
        "pyc": pyc,
        "dir": directory,
        "legacy_dir": legacy_dir,
        "zip": zipped,
        "zip_pyc": zipped_pyc,
        "nested_zip": nested / "sub",
    }


KINDS = ["script", "noext", "pyc", "dir", "legacy_dir", "zip", "zip_pyc", "nested_zip"]
CALLS: list[dict[str, Any]] = [
    {},
    {"run_name": "__main__"},
    {"run_name": "pkg.sub.mod"},
    {"init_globals": {"extra": 1, "__name__": "ignored", "__doc__": "ignored too"}},
    {"init_globals": {"a": 1}, "run_name": "x.y"},
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("call", CALLS, ids=lambda c: ",".join(sorted(c)) or "plain")
def test_str_path_parity(tree: dict[str, Path], kind: str, call: dict[str, Any]) -> None:
    expected, actual = both(str(tree[kind]), **call)
    assert actual == expected


@pytest.mark.parametrize("kind", KINDS)
def test_relative_path_parity(
    tree: dict[str, Path], kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree["script"].parent)
    relative = os.path.relpath(tree[kind])
    expected, actual = both(relative)
    assert actual == expected


@pytest.mark.parametrize("convert", [os.fsencode, pathlib.Path], ids=["bytes", "Path"])
@pytest.mark.parametrize("kind", ["script", "noext", "pyc"])
def test_script_file_non_str_parity(
    tree: dict[str, Path], kind: str, convert: Callable[[str], object]
) -> None:
    """A file path keeps each version's own treatment: before 3.13 the object
    passed in becomes __file__ and sys.argv[0] as it is (gh-99437)."""
    expected, actual = both(convert(str(tree[kind])))
    assert actual == expected
    file_value = dict(actual)["__file__"]
    if sys.version_info >= (3, 13):
        assert file_value == str(tree[kind])
    else:
        assert file_value == convert(str(tree[kind]))


@pytest.mark.parametrize("convert", [os.fsencode, pathlib.Path], ids=["bytes", "Path"])
@pytest.mark.parametrize("kind", ["dir", "zip", "nested_zip"])
def test_dir_and_zip_non_str_run_as_313_does(
    tree: dict[str, Path], kind: str, convert: Callable[[str], object]
) -> None:
    """A bytes or path-like directory or zip is decoded on every version (the
    3.13 behaviour; runpy before it fails to find __main__ or crashes)."""
    as_str = str(tree[kind])
    expected = snapshot(runpy.run_path(as_str))
    argv, path = list(sys.argv), list(sys.path)
    actual = snapshot(run_path(convert(as_str)))  # type: ignore[arg-type]
    assert (sys.argv, sys.path) == (argv, path)
    assert actual == expected
    if sys.version_info >= (3, 13):
        assert snapshot(runpy.run_path(convert(as_str))) == actual  # type: ignore[arg-type]


def test_script_sees_itself_registered_and_argv0(tree: dict[str, Path]) -> None:
    """Not just equal to runpy: the values runpy's documentation promises."""
    result = run_path(str(tree["dir"]), run_name="probe_mod")
    assert result["seen_argv0"] == str(tree["dir"])
    assert result["seen_path0"] == str(tree["dir"])
    assert result["seen_in_modules"] is True
    assert result["seen_is_module"] is True
    assert result["__name__"] == "probe_mod"
    assert result["__file__"] == str(tree["dir"] / "__main__.py")
    assert result["seen_doc"] == "probe docstring"
    assert "probe_mod" not in sys.modules


def test_returns_a_copy_by_default(tree: dict[str, Path]) -> None:
    first = run_path(str(tree["script"]))
    second = run_path(str(tree["script"]))
    assert first is not second
    assert first["f"] is not second["f"]


def test_spec_of_directory_is_importlibs(tree: dict[str, Path]) -> None:
    import importlib.util

    result = run_path(str(tree["dir"]))
    expected = importlib.util.spec_from_file_location("__main__", str(tree["dir"] / "__main__.py"))
    assert expected is not None
    spec = result["__spec__"]
    for attr in SPEC_ATTRS:
        assert getattr(spec, attr) == getattr(expected, attr), attr
    assert type(spec.loader) is type(expected.loader)
    assert result["__cached__"] == expected.cached
    assert result["__package__"] == ""
