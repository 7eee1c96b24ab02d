"""Shared fixtures for the run_path / run_main tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from pywhence import run as run_mod


@pytest.fixture(autouse=True)
def _isolate() -> Iterator[None]:
    """Keep every test's changes to the interpreter's state to itself.

    The tests assert on the state themselves before this teardown runs, so
    it never hides a failure; it only stops one failure from cascading.
    """
    argv = list(sys.argv)
    path = list(sys.path)
    main = sys.modules.get("__main__")
    dont_write = sys.dont_write_bytecode
    prefix = sys.pycache_prefix
    run_mod.clear_cache()
    yield
    run_mod.clear_cache()
    sys.argv[:] = argv
    sys.path[:] = path
    if main is not None:
        sys.modules["__main__"] = main
    sys.dont_write_bytecode = dont_write
    sys.pycache_prefix = prefix


@pytest.fixture
def writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Allow writing bytecode, whatever PYTHONDONTWRITEBYTECODE says outside."""
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", None)


@pytest.fixture
def no_bytecode_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make runpy and run_path alike never write bytecode (importlib included)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
