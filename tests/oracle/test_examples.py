"""examples/worlds: each is a valid world whose path configuration CPython agrees with.

Every example loads with :func:`pywhence.load_world`; its path configuration (executable,
base executable, the four prefixes, stdlib dirs, ``module_search_paths``, ._pth flags,
warnings) is compared with CPython's own frozen getpath of the installed interpreter of
the same X.Y (the exact micro when installed).  sys.path *after* site.py is the site
stage's business and is not checked here.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from pywhence import load_world

from .harness import ORACLES, compare, run_model, run_oracle

EXAMPLES = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "examples", "worlds"))
NAMES = sorted(n for n in os.listdir(EXAMPLES) if n.endswith(".json"))


def _oracle_for(version: str) -> str | None:
    if version in ORACLES:
        return ORACLES[version]
    xy = ".".join(version.split(".")[:2])
    same = [v for v in ORACLES if v.startswith(xy + ".")]
    return ORACLES[same[-1]] if same else None


def test_the_eight_examples_exist() -> None:
    assert NAMES == [
        "debian-system.json", "debian-venv.json", "macos-framework-venv.json", "macos-framework.json",
        "macos-homebrew.json", "windows-embeddable.json", "windows-installer.json", "windows-venv.json",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_example_matches_frozen_getpath(name: str) -> None:
    path = os.path.join(EXAMPLES, name)
    world = load_world(path)  # valid, or this raises WorldError naming the key
    with open(path, encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    python = _oracle_for(str(world.interpreter.version))
    if python is None or not os.path.exists(python):
        pytest.skip(f"no local interpreter for {world.interpreter.version}")
    oracle = run_oracle(python, [data])[0]
    model = run_model(data)
    assert not oracle["failed"]
    assert compare(model, oracle) == []
    assert model["module_search_paths"], "an example must give a search path"
