"""The predictions for special files, checked against the real interpreters.

The real interpreter is run where it is safe to: a hang is a timeout (a few seconds,
two versions only), a read of ``/dev/zero`` runs under a 1 GiB address-space limit so
its MemoryError comes fast.  pywhence must predict each outcome without living it.
"""

from __future__ import annotations

import glob
import os
import subprocess
from pathlib import Path

import pytest

import pywhence

from .helpers import make_special

VERSIONS = sorted(glob.glob("/root/.pyenv/versions/3.[0-9]*.*/bin/python3.[0-9]*"))
VERSIONS = [v for v in VERSIONS if v.rsplit("python3.", 1)[1].isdigit()
            and 8 <= int(v.rsplit("python3.", 1)[1]) <= 13]
#: Where a real hang is waited for: one version per getpath algorithm.
HANG_CHECKED = ("3.9.", "3.12.")
ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}


def _limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


def _venv(base: str, dest: Path, copies: bool = False) -> Path:
    subprocess.run([base, "-m", "venv", "--without-pip", *(["--copies"] if copies else []),
                    str(dest)], check=True, timeout=120, capture_output=True)
    return dest


def _real(exe: Path, timeout: float = 20) -> tuple[int | None, str]:
    try:
        proc = subprocess.run([str(exe), "-c", "pass"], env=ENV, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=timeout, preexec_fn=_limit, check=False)
    except subprocess.TimeoutExpired:
        return None, ""
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


def _model(exe: Path) -> str | None:
    return pywhence.compute(str(exe), ["-c", "pass"], env=ENV, cwd="/").fatal


def _site(venv: Path) -> Path:
    return next((venv / "lib").glob("python3.*/site-packages"))


@pytest.mark.skipif(not VERSIONS, reason="no pyenv CPython 3.8-3.13")
@pytest.mark.parametrize("base", VERSIONS, ids=lambda b: Path(b).parent.parent.name)
def test_special_pth_files(base: str, tmp_path: Path) -> None:
    venv = _venv(base, tmp_path / "v")
    exe = venv / "bin" / "python"
    pth = _site(venv) / "x.pth"
    for kind in ("/dev/zero", "/dev/null", "socket"):
        if kind.startswith("/"):
            pth.symlink_to(kind)
        else:
            make_special(pth, kind)
        code, err = _real(exe)
        fatal = _model(exe)
        if code == 0:
            assert fatal is None, (kind, fatal)
        else:
            assert fatal is not None, (kind, err)
            lines = err.splitlines()
            assert fatal.splitlines()[0] == lines[0], (kind, fatal, err)
            assert fatal.splitlines()[-1] == "MemoryError" and lines[-1] == "MemoryError"
        pth.unlink()
    if base.split("/")[-3].startswith(HANG_CHECKED):
        make_special(pth, "fifo")
        code, _ = _real(exe, timeout=3)
        assert code is None  # it really hangs
        fatal = _model(exe)
        assert fatal is not None and fatal.startswith("python hangs at startup")


@pytest.mark.skipif(not VERSIONS, reason="no pyenv CPython 3.8-3.13")
@pytest.mark.parametrize("base", VERSIONS, ids=lambda b: Path(b).parent.parent.name)
def test_special_pyvenv_cfg(base: str, tmp_path: Path) -> None:
    # --copies: getpath (not only site.py) reads the venv's pyvenv.cfg in every version
    venv = _venv(base, tmp_path / "v", copies=True)
    exe = venv / "bin" / "python"
    cfg = venv / "pyvenv.cfg"
    os.unlink(cfg)
    cfg.symlink_to("/dev/zero")
    code, err = _real(exe)
    fatal = _model(exe)
    if code == 0:
        assert fatal is None, fatal  # 3.8-3.10: the line reader stops at the first long line
    else:
        # 3.11+: getpath's readlines() fills its 32 KiB buffer (the traceback comes first)
        assert fatal is not None and fatal.splitlines()[0] in err.splitlines(), (fatal, err)
        assert "cannot read file larger than 32KB" in fatal and "32KB" in err
    if base.split("/")[-3].startswith(HANG_CHECKED):
        make_special(cfg, "fifo")
        code, _ = _real(exe, timeout=3)
        assert code is None
        fatal = _model(exe)
        assert fatal is not None and "getpath opens" in fatal
