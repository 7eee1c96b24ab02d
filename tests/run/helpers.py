"""Helpers shared by the run_path / run_main tests."""

from __future__ import annotations

import importlib.util
import os
import zipfile
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_zip(zip_path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(zip_path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return zip_path


def pyc_path(source: Path) -> Path:
    """Where the import system keeps the bytecode of *source*."""
    return Path(importlib.util.cache_from_source(os.fspath(source)))
