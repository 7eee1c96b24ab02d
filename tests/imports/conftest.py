"""Fixtures of the import tests: the interpreters, and layouts built once per session."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from differential.harness import Interp, discover_interpreters

from .layouts import build_lookalikes, build_pythonpath_tree


def interpreters() -> list[Interp]:
    return discover_interpreters()


def interp_ids() -> list[str]:
    return [i.id for i in interpreters()]


@pytest.fixture(scope="session")
def imports_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # resolved: the model and the interpreter both see a physical working directory
    return Path(os.path.realpath(tmp_path_factory.mktemp("imports")))


@pytest.fixture(scope="session")
def pythonpath_tree(imports_root: Path) -> dict[str, object]:
    tree = build_pythonpath_tree(imports_root / "pp")
    (imports_root / "pp" / "work").mkdir(exist_ok=True)
    tree["root"] = imports_root / "pp"
    return tree


@pytest.fixture(scope="session")
def lookalike_dirs(imports_root: Path) -> dict[str, Path]:
    app = build_lookalikes(imports_root / "look" / "app")
    work = build_lookalikes(imports_root / "look" / "work")
    return {"app": app, "work": work}


_VENVS: dict[str, Path] = {}


def clean_venv(interp: Interp, root: Path) -> Path:
    """A venv of *interp* without pip (no .pth file in it), made once per session."""
    if interp.id in _VENVS:
        return _VENVS[interp.id]
    where = root / "venvs" / interp.id
    if not (where / "bin" / "python").exists():
        subprocess.run([interp.binary, "-m", "venv", "--without-pip", str(where)], check=True,
                       capture_output=True, env={"PATH": "/usr/bin:/bin"})
    _VENVS[interp.id] = where
    return where
