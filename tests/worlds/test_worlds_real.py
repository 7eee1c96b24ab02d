"""The model's end result on imagined machines whose answers come from real interpreters.

Each ``linux-*.json`` world mirrors a layout of the reference machine; its ``expect`` key
holds what the real CPython printed for it (see ``derive_expectations.py`` in this
folder for how, and to re-check them).  ``expect`` keys are ``--json`` keys compared
exactly, except ``fatal``: a boolean, whether the interpreter fails to start.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pytest

import pywhence

HERE = Path(__file__).resolve().parent
WORLDS = sorted(HERE.glob("*.json"))


def _expect(path: Path) -> dict[str, Any]:
    world = pywhence.load_world(path)
    assert world.expect, f"{path.name} has no 'expect' key"
    return dict(world.expect)


@pytest.mark.parametrize("path", WORLDS, ids=lambda p: p.stem)
def test_world_matches_the_real_interpreter(path: Path) -> None:
    expect = _expect(path)
    startup = pywhence.compute_world(path)
    got = startup.to_dict()
    for key, want in expect.items():
        if key == "fatal":
            assert bool(startup.fatal) == want, f"fatal: {startup.fatal!r}"
        else:
            assert got[key] == want, f"{key}: got {got[key]!r}, CPython gave {want!r}"


def _helper() -> Any:
    spec = importlib.util.spec_from_file_location("derive_expectations", HERE / "derive_expectations.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not Path("/root/.pyenv/versions/3.12.1/bin/python").exists()
                    or shutil.which("env") is None, reason="needs the reference machine's interpreters")
@pytest.mark.parametrize("path", WORLDS, ids=lambda p: p.stem)
def test_expectations_are_still_what_cpython_does(path: Path) -> None:
    """The fixtures have not drifted: rebuild each layout, run the real interpreter."""
    helper = _helper()
    import json

    world = json.loads(path.read_text())
    helper.RECIPES[path.stem]()
    assert helper.check_disk(world) == []
    assert helper.run_real(world) == world["expect"]
