"""Helpers of the hostile-input suite (tests/hostile/): pywhence run as a user would run it, under a time
limit, over disks and images built to hurt it.

Every CLI run is a subprocess with ``timeout=20``: a hang fails its test instead of
stalling CI, and a memory blow-up is bounded by ``RLIMIT_AS`` (2 GiB) so it fails as an
error instead of taking the machine.  FIFOs and devices are made with ``os.mkfifo`` and
``os.mknod`` in temporary folders (device nodes need root: those tests skip without it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PYENV = Path("/root/.pyenv/versions")
#: The interpreter the hostile disks are built around (any 3.12 would do).
BASE = PYENV / "3.12.1"
TIMEOUT = 20
#: A run that reads /dev/zero must fail quickly, not after taking every byte.
MEMORY_LIMIT = 2 * 1024**3


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


class Run:
    """One finished ``pywhence`` run."""

    def __init__(self, proc: subprocess.CompletedProcess[bytes]) -> None:
        self.code = proc.returncode
        self.out = proc.stdout.decode("utf-8", "surrogateescape")
        self.err = proc.stderr.decode("utf-8", "surrogateescape")

    def one_line_error(self) -> str:
        """The single ``pywhence: error: ...`` line, asserting there is nothing else."""
        assert self.code == 1, (self.code, self.err)
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("pywhence: error: "), self.err
        assert "internal error" not in self.err and "Traceback" not in self.err, self.err
        return lines[0][len("pywhence: error: "):]

    def clean(self) -> None:
        """No traceback, no internal error, whatever the status."""
        assert "Traceback" not in self.err and "internal error" not in self.err, self.err
        assert self.code in (0, 1, 2, 3), (self.code, self.err)


def pywhence(*args: str, env: dict[str, str] | None = None, **kw: object) -> Run:
    """``python -m pywhence ARGS`` in a subprocess, bounded in time and memory."""
    base_env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"),
                "PYTHONPATH": str(SRC), "LC_ALL": "C.UTF-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "pywhence", *args],
        env={**base_env, **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
        check=False,
        **kw,  # type: ignore[arg-type]
    )
    return Run(proc)


def need_base() -> Path:
    if not (BASE / "bin" / "python3.12").exists():
        pytest.skip("pyenv 3.12.1 is not installed")
    return BASE


def need_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("device nodes need root")


def _link(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


@pytest.fixture
def venv(tmp_path: Path) -> Path:
    """A fresh venv of pyenv 3.12.1 (``python -m venv --without-pip``)."""
    base = need_base()
    dest = tmp_path / "v"
    subprocess.run([str(base / "bin" / "python3.12"), "-m", "venv", "--without-pip", str(dest)],
                   check=True, timeout=60)
    return dest


def site_packages(venv: Path) -> Path:
    return next((venv / "lib").glob("python3.*/site-packages"))


@pytest.fixture
def image(tmp_path: Path) -> Path:
    """An unpacked image for ``--root``: pyenv 3.12.1's program, libpython and the
    stdlib files startup and discovery read, hard-linked, at the paths they had."""
    base = need_base()
    root = tmp_path / "img"
    prefix = root / str(base).lstrip("/")
    _link(base / "bin" / "python3.12", prefix / "bin" / "python3.12")
    _link(base / "lib" / "libpython3.12.so.1.0", prefix / "lib" / "libpython3.12.so.1.0")
    stdlib = base / "lib" / "python3.12"
    for name in ("os.py", "site.py", "_sysconfigdata__linux_x86_64-linux-gnu.py",
                 "encodings/__init__.py"):
        _link(stdlib / name, prefix / "lib" / "python3.12" / name)
    (prefix / "lib" / "python3.12" / "site-packages").mkdir()
    (prefix / "lib" / "python3.12" / "lib-dynload").mkdir()
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "python3").symlink_to(f"/{prefix.relative_to(root)}/bin/python3.12")
    return root


def image_stdlib(image: Path) -> Path:
    return image / str(BASE).lstrip("/") / "lib" / "python3.12"


MakeSpecial = Callable[[Path, str], None]


def make_special(path: Path, kind: str) -> None:
    """A FIFO (``fifo``), a socket (``socket``) or a device node (``char 1:5``)."""
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        import socket

        s = socket.socket(socket.AF_UNIX)
        here = os.getcwd()
        os.chdir(path.parent)  # a socket's address is at most 107 bytes: bind its name
        try:
            s.bind(path.name)
        finally:
            os.chdir(here)
            s.close()
    else:
        need_root()
        what, _, numbers = kind.partition(" ")
        major, minor = (int(n) for n in numbers.split(":"))
        import stat

        mode = (stat.S_IFCHR if what == "char" else stat.S_IFBLK) | 0o644
        os.mknod(path, mode, os.makedev(major, minor))
