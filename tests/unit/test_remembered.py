"""compute() reuses a result only while it is provably the same.

Each test computes a real venv twice with a change in between that must show (a new
.pth file, an edited pyvenv.cfg, an environment variable the model reads, a removed
directory); the second answer must equal a fresh computation that remembers nothing.
"""

from __future__ import annotations

import glob
import subprocess
from pathlib import Path

import pytest

import pywhence
from pywhence.startup import pylifecycle

BASES = sorted(glob.glob("/root/.pyenv/versions/3.12.*/bin/python3.12"))


@pytest.fixture()
def venv(tmp_path: Path) -> Path:
    if not BASES:
        pytest.skip("no CPython 3.12 here")
    v = tmp_path / "venv"
    subprocess.run([BASES[0], "-m", "venv", "--without-pip", str(v)], check=True)
    return v


def _fresh(exe: str, env: dict[str, str], cwd: str) -> list[str]:
    pylifecycle._REMEMBERED.clear()
    return pywhence.compute(exe, ["-c", "pass"], env=env, cwd=cwd).sys_path


def _again(exe: str, env: dict[str, str], cwd: str) -> list[str]:
    return pywhence.compute(exe, ["-c", "pass"], env=env, cwd=cwd).sys_path


def test_same_inputs_give_the_same_object(venv: Path, tmp_path: Path) -> None:
    exe, env = str(venv / "bin" / "python"), {"HOME": str(tmp_path)}
    first = pywhence.compute(exe, ["-c", "pass"], env=env, cwd=str(tmp_path))
    assert pywhence.compute(exe, ["-c", "pass"], env=env, cwd=str(tmp_path)) is first


def test_a_new_pth_file_shows(venv: Path, tmp_path: Path) -> None:
    exe, env, cwd = str(venv / "bin" / "python"), {"HOME": str(tmp_path)}, str(tmp_path)
    before = _fresh(exe, env, cwd)
    extra = tmp_path / "extra"
    extra.mkdir()
    site = next((venv / "lib").glob("python3.*/site-packages"))
    (site / "a.pth").write_text(f"{extra}\n")
    after = _again(exe, env, cwd)
    assert after != before and str(extra) in after
    assert after == _fresh(exe, env, cwd)
    (site / "a.pth").write_text("# nothing now\n")  # same file, new content
    assert str(extra) not in _again(exe, env, cwd)


def test_an_edited_pyvenv_cfg_shows(venv: Path, tmp_path: Path) -> None:
    exe, env, cwd = str(venv / "bin" / "python"), {"HOME": str(tmp_path)}, str(tmp_path)
    before = _fresh(exe, env, cwd)
    cfg = venv / "pyvenv.cfg"
    cfg.write_text(cfg.read_text().replace("include-system-site-packages = false",
                                           "include-system-site-packages = true"))
    after = _again(exe, env, cwd)
    assert after != before
    assert after == _fresh(exe, env, cwd)


def test_a_variable_the_model_reads_shows(venv: Path, tmp_path: Path) -> None:
    exe, cwd = str(venv / "bin" / "python"), str(tmp_path)
    before = _fresh(exe, {"HOME": str(tmp_path)}, cwd)
    after = _again(exe, {"HOME": str(tmp_path), "PYTHONPATH": "/somewhere"}, cwd)
    assert after == ["", "/somewhere", *before[1:]]
    # a variable the model never reads does not matter
    assert _again(exe, {"HOME": str(tmp_path), "PYTHONPATH": "/somewhere", "UNRELATED": "1"},
                  cwd) == after


def test_a_removed_user_site_shows(venv: Path, tmp_path: Path) -> None:
    cfg = venv / "pyvenv.cfg"
    cfg.write_text(cfg.read_text().replace("= false", "= true"))
    user_site = tmp_path / ".local" / "lib" / "python3.12" / "site-packages"
    user_site.mkdir(parents=True)
    exe, env, cwd = str(venv / "bin" / "python"), {"HOME": str(tmp_path)}, str(tmp_path)
    assert str(user_site) in _fresh(exe, env, cwd)
    user_site.rmdir()
    assert str(user_site) not in _again(exe, env, cwd)
