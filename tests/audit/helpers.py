"""Helpers of the audit tests: the real interpreters, clean copies of an install, and
running the real interpreter to see what really ran (fixtures in conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from differential.harness import Interp, discover_interpreters

#: The header of the file the sandbox this suite may run in injects into every
#: site-packages (not part of any install: the clean-install tests use copies without it).
SANDBOX_HEADER = b"# Written by sandboxing"

PYENV_312 = Path("/root/.pyenv/versions/3.12.1")
DEBIAN_311 = Path("/usr/bin/python3.11")
REPO = Path(__file__).resolve().parents[2]
SID_TREE = REPO / ".oracles" / "sid"
SCHEMA = REPO / "tests" / "schemas" / "sarif-schema-2.1.0.json"


def interpreters() -> list[Interp]:
    return [i for i in discover_interpreters() if i.version >= (3, 8)]


def interp_ids() -> list[str]:
    return [i.id for i in interpreters()]


def interp(ident: str) -> Interp:
    for i in interpreters():
        if i.id == ident:
            return i
    pytest.skip(f"interpreter {ident} is not on this machine")


def injected(path: str | Path) -> bool:
    """Whether *path* is the sandbox's injected .pth file (see :data:`SANDBOX_HEADER`)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(SANDBOX_HEADER)) == SANDBOX_HEADER
    except OSError:
        return False


@pytest.fixture(scope="session")
def audit_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(os.path.realpath(tmp_path_factory.mktemp("audit")))


def clean_copy(src: Path, dest: Path) -> Path:
    """A hard-linked copy of the install *src* (same bytes, owners and modes; cheap),
    without the sandbox's injected .pth files."""
    if not dest.exists():
        subprocess.run(["cp", "-al", str(src), str(dest)], check=True)
        for pth in dest.rglob("*.pth"):
            if injected(pth):
                pth.unlink()
    return dest


@pytest.fixture(scope="session")
def pyenv_copy(audit_root: Path) -> Path:
    """A clean pyenv 3.12.1 (hard links to /root/.pyenv/versions/3.12.1)."""
    if not (PYENV_312 / "bin" / "python3.12").exists():
        pytest.skip("pyenv 3.12.1 is not installed")
    return clean_copy(PYENV_312, audit_root / "pyenv-3.12.1")


def make_venv(python: str | Path, where: Path, *options: str) -> Path:
    if not (where / "bin" / "python").exists():
        subprocess.run([str(python), "-m", "venv", *options, str(where)], check=True,
                       capture_output=True, env={"PATH": "/usr/bin:/bin"}, timeout=300)
    return where


def run_python(binary: str | Path, args: list[str], env: dict[str, str], cwd: Path,
               stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(binary), *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=120, input=stdin, check=False)


def site_packages(prefix: Path) -> Path:
    found = sorted(prefix.glob("lib/python3*/site-packages"))
    assert found, f"no site-packages under {prefix}"
    return found[0]


def copytree(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest, symlinks=True)
