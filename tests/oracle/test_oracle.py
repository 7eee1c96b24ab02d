"""The model against CPython's own frozen getpath (3.11+), world by world.

Skipped for an interpreter that is not installed.  Run:
``python -m pytest tests/oracle -q``.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import pytest

from .harness import ORACLES, compare, run_model, run_oracle
from .worlds import darwin_worlds, linux_worlds, windows_worlds
from .worlds_platforms import darwin_broad, windows_broad


def _worlds(version: str) -> list[tuple[str, dict[str, Any]]]:
    return (linux_worlds(version) + darwin_worlds(version) + windows_worlds(version)
            + windows_broad(version) + darwin_broad(version))


@cache
def _oracle_results(version: str) -> dict[str, dict[str, Any]]:
    worlds = _worlds(version)
    results = run_oracle(ORACLES[version], [w for _, w in worlds])
    return {name: r for (name, _), r in zip(worlds, results)}


CASES = [(v, name, w) for v in ORACLES for name, w in _worlds(v)]


@pytest.mark.parametrize("version,name,world", CASES, ids=[c[1] for c in CASES])
def test_model_agrees_with_frozen_getpath(version: str, name: str, world: dict[str, Any]) -> None:
    if not os.path.exists(ORACLES[version]):
        pytest.skip(f"{ORACLES[version]} is not installed")
    oracle = _oracle_results(version)[name]
    model = run_model(world)
    assert compare(model, oracle) == []
