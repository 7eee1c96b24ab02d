"""Helpers for the CLI tests: call ``main()`` in-process and capture what it prints."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pywhence.cli import main

WORLDS = Path(__file__).resolve().parent.parent / "worlds"

Result = tuple[int, str, str]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """``cli("path", "--json")`` -> (exit status, stdout, stderr)."""

    def run(*args: str) -> Result:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def write_world(tmp_path: Path) -> Callable[[Any], str]:
    """Write a world (a dict, or raw text) to a file and return its path."""

    def write(data: Any, name: str = "world.json") -> str:
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data))
        return str(path)

    return write

