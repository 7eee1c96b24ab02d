"""No false alarms: a clean pyenv install, a clean venv and Debian's system python in
isolated mode give no warning and no error.

The sandbox this suite may run in injects one ``.pth`` file into every site-packages
(helpers.SANDBOX_HEADER; it is no part of any install): the pyenv test audits a
hard-linked copy of the install without it, and also the install itself, where only that
injected file may draw a finding; Debian's test allows findings about it and about
nothing else -- and checks that every other startup file it lists is one a Debian
package installed (``dpkg -S``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import pywhence
from pywhence.audit.result import Report

from .helpers import DEBIAN_311, PYENV_312, injected, make_venv

ENV = {"PATH": "/usr/bin:/bin", "HOME": "/root"}


def _alarms(report: Report) -> list[str]:
    return [f"{f.rule} {f.level}: {f.message}" for f in report.findings
            if f.level in ("warning", "error")]


@pytest.fixture()
def script(tmp_path: Path) -> Path:
    app = tmp_path / "app"
    app.mkdir()
    (app / "main.py").write_text("print('hello')\n")
    return app / "main.py"


@pytest.mark.parametrize("args", [["-I", "-c", "pass"], ["SCRIPT"], ["-P", "-m", "json.tool"]])
def test_clean_pyenv_install(pyenv_copy: Path, script: Path, args: list[str]) -> None:
    args = [str(script) if a == "SCRIPT" else a for a in args]
    report = pywhence.audit(pyenv_copy / "bin" / "python3.12", args, env=ENV, cwd=script.parent)
    assert _alarms(report) == []
    assert report.startup_code == ()


def test_the_pyenv_install_itself(script: Path) -> None:
    if not PYENV_312.exists():
        pytest.skip("pyenv 3.12.1 is not installed")
    report = pywhence.audit(PYENV_312 / "bin" / "python3.12", [str(script)], env=ENV,
                            cwd=script.parent)
    assert all(f.path is not None and injected(f.path) for f in report.findings
               if f.level in ("warning", "error")), _alarms(report)


@pytest.mark.parametrize("with_pip", [False, True], ids=["without-pip", "with-pip"])
def test_clean_venv(pyenv_copy: Path, tmp_path: Path, script: Path, with_pip: bool) -> None:
    base = "/root/.pyenv/versions/3.11.7/bin/python3.11" if with_pip else \
        str(pyenv_copy / "bin" / "python3.12")
    if not Path(base).exists():
        pytest.skip(f"{base} is not installed")
    venv = make_venv(base, tmp_path / "venv", *([] if with_pip else ["--without-pip"]))
    report = pywhence.audit(venv / "bin" / "python", [str(script)], env=ENV, cwd=script.parent)
    assert _alarms(report) == []
    if with_pip:  # 3.11's ensurepip brings setuptools and its distutils shim
        assert report.startup_code
        for code in report.startup_code:  # (read twice: the venv's site-packages is twice a site dir)
            assert code.recognised == "setuptools-distutils-shim"
            assert code.distribution is not None and code.distribution.startswith("setuptools ")
    else:
        assert report.startup_code == ()
    shutil.rmtree(venv)


def _dpkg_owned(path: str) -> bool:
    proc = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True, check=False)
    return proc.returncode == 0


def test_debian_system_python_isolated(tmp_path: Path, script: Path) -> None:
    if not DEBIAN_311.exists() or shutil.which("dpkg") is None:
        pytest.skip("no Debian python3.11")
    for args in (["-I", "-c", "pass"], ["-I", str(script)]):
        report = pywhence.audit(DEBIAN_311, args, env=ENV, cwd=tmp_path)
        others = [a for f, a in zip(
            [f for f in report.findings if f.level in ("warning", "error")],
            _alarms(report)) if not (f.path and injected(f.path))]
        assert others == []
        for code in report.startup_code:
            assert injected(code.file) or _dpkg_owned(code.file), code
        kinds = {c.recognised for c in report.startup_code if not injected(c.file)}
        assert kinds <= {"setuptools-distutils-shim", "debian-apport-hook"}
