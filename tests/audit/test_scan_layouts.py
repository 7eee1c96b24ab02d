"""Interpreter layouts ``scan`` recognises, and its progress line (a synthetic image made of
one real binary hard-linked into each layout's place)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from pywhence.audit.scan import find_interpreters, scan_root
from pywhence.cli import scan as cli_scan
from pywhence.disk.fs import RootedFS

from .helpers import PYENV_312

LAYOUTS = {
    "/root/.pyenv/versions/3.12.1/bin/python3.12": "pyenv",
    "/opt/conda/bin/python3.12": "conda",
    "/opt/conda/envs/work/bin/python3.12": "conda",
    "/home/linuxbrew/.linuxbrew/Cellar/python@3.12/3.12.1/bin/python3.12": "homebrew",
    "/Library/Frameworks/Python.framework/Versions/3.12/bin/python3.12": "python.org",
    "/usr/local/bin/python3.12": "other",
    "/usr/local/bin/python3.13t": "other",
}


@pytest.fixture()
def image(tmp_path: Path) -> Path:
    binary = PYENV_312 / "bin" / "python3.12"
    if not binary.exists():
        pytest.skip("pyenv 3.12.1 is not installed")
    for place in LAYOUTS:
        host = tmp_path / place.lstrip("/")
        host.parent.mkdir(parents=True, exist_ok=True)
        os.link(binary, host)
    (tmp_path / "opt/conda/conda-meta").mkdir()
    (tmp_path / "opt/conda/envs/work/conda-meta").mkdir()
    os.symlink("python3.12", tmp_path / "usr/local/bin/python3")  # same binary: once
    (tmp_path / "usr/local/bin/python3.12-config").write_text("#!/bin/sh\n")
    os.chmod(tmp_path / "usr/local/bin/python3.12-config", 0o755)
    # a venv by its pyvenv.cfg, and things never descended into
    venv = tmp_path / "srv/app/.venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/local/bin\n")
    os.symlink("/usr/local/bin/python3.12", venv / "bin" / "python")
    (tmp_path / "proc/1/root/usr/bin").mkdir(parents=True)
    os.link(binary, tmp_path / "proc/1/root/usr/bin/python3.12")
    (tmp_path / "usr/lib/python3.12/site-packages/x/bin").mkdir(parents=True)
    os.link(binary, tmp_path / "usr/lib/python3.12/site-packages/x/bin/python3.12")
    os.symlink("/usr/local", tmp_path / "opt/linked")  # a symlinked dir is not descended
    return tmp_path


def test_layouts_and_kinds(image: Path) -> None:
    found = dict(find_interpreters(RootedFS(str(image))))
    assert set(found) == {*LAYOUTS, "/srv/app/.venv/bin/python"}
    assert found["/srv/app/.venv/bin/python"] == "venv"
    report = scan_root(str(image))
    kinds = {i.executable: i.kind for i in report.interpreters}
    assert kinds == {**LAYOUTS, "/srv/app/.venv/bin/python": "venv"}


def test_progress_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    monkeypatch.setattr("sys.stderr", tty)
    for n in range(5):
        cli_scan._progress(n, 5, f"/usr/bin/python3.{n}")
    cli_scan._progress(5, 5, "")
    text = tty.getvalue()
    assert "scanning 1/5: /usr/bin/python3.0" in text and "scanning 5/5" in text
    assert text.endswith("\r\033[K")
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    cli_scan._progress(0, 5, "/usr/bin/python3.12")
    assert pipe.getvalue() == ""
    monkeypatch.setattr("sys.stderr", tty)
    before = tty.getvalue()
    cli_scan._progress(0, 2, "/usr/bin/python3.12")  # few interpreters: no progress
    assert tty.getvalue() == before
