"""FIFOs, devices and sockets where startup or discovery reads a file (issue 12, cases 1-2).

pywhence never opens them: each case ends within the time limit with CPython's own
outcome predicted (a hang, a MemoryError, an ignored file) or a one-line error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pywhence

from .helpers import SRC, TIMEOUT, image_stdlib, make_special, site_packages
from .helpers import pywhence as run

ARGS = ("--clear-env", "--json", "--", "-c", "pass")


def _venv_json(venv: Path, *extra: str) -> tuple[int, dict[str, object]]:
    r = run("path", "--python", str(venv / "bin" / "python"), *extra, *ARGS)
    r.clean()
    return r.code, json.loads(r.out)


def _root_json(image: Path, python: str = "/usr/bin/python3") -> tuple[int, dict[str, object]]:
    r = run("path", "--root", str(image), "--python", python, *ARGS)
    r.clean()
    return r.code, json.loads(r.out)


# -- a .pth file that is no regular file ------------------------------------------------


def test_fifo_pth_is_predicted_to_hang(venv: Path) -> None:
    make_special(site_packages(venv) / "f.pth", "fifo")
    code, out = _venv_json(venv)
    assert code == 3
    fatal = str(out["fatal"])
    assert fatal.startswith("python hangs at startup") and "f.pth, a FIFO" in fatal


def test_fifo_pth_under_root(image: Path) -> None:
    make_special(image_stdlib(image) / "site-packages" / "f.pth", "fifo")
    code, out = _root_json(image)
    assert code == 3 and "a FIFO" in str(out["fatal"]) and "site.py opens" in str(out["fatal"])


def test_pth_linked_to_dev_zero_kills_site_with_memory_error(venv: Path) -> None:
    # measured: 3.9.18 and 3.12.1 die in import site with MemoryError
    (site_packages(venv) / "z.pth").symlink_to("/dev/zero")
    code, out = _venv_json(venv)
    assert code == 3
    assert str(out["fatal"]).splitlines() == [
        "Fatal Python error: init_import_site: Failed to import the site module",
        "Python runtime state: initialized",
        "MemoryError",
    ]


def test_pth_linked_to_dev_null_is_empty(venv: Path) -> None:
    (site_packages(venv) / "n.pth").symlink_to("/dev/null")
    code, out = _venv_json(venv)
    assert code == 0 and out["fatal"] is None and out["warnings"] == []


def test_socket_pth_is_ignored_as_by_site(venv: Path, tmp_path: Path) -> None:
    # open(2) fails with ENXIO: site.py catches the OSError and goes on (measured, 3.12.1)
    make_special(site_packages(venv) / "s.pth", "socket")
    code, out = _venv_json(venv)
    assert code == 0 and out["fatal"] is None


@pytest.mark.parametrize(("spec", "expect"), [
    ("char 1:5", "MemoryError"),  # /dev/zero in the image
    ("char 1:9", "MemoryError"),  # /dev/urandom: 3.13+ reads whole; 3.12 decodes it
    ("char 1:3", None),  # /dev/null
    ("char 5:0", "hangs"),  # /dev/tty: a read waits for input
    ("block 8:0", "warning"),  # a disk: content unknown
    ("char 10:130", "warning"),  # some driver
])
def test_device_pth_in_a_root_image(image: Path, spec: str, expect: str | None) -> None:
    make_special(image_stdlib(image) / "site-packages" / "d.pth", spec)
    code, out = _root_json(image)
    if expect is None:
        assert code == 0 and out["fatal"] is None and out["warnings"] == []
    elif expect == "warning":
        assert code == 0
        assert any(w.startswith("pywhence: ") and spec.replace("char", "character").split()[0] in w
                   for w in out["warnings"]), out["warnings"]  # type: ignore[union-attr]
    elif expect == "hangs":
        assert code == 3 and "a terminal" in str(out["fatal"])
    else:
        assert code == 3 and str(out["fatal"]).splitlines()[-1].startswith(
            "MemoryError" if spec == "char 1:5" else "UnicodeDecodeError")


# -- files discovery reads ---------------------------------------------------------------


@pytest.mark.parametrize("spec", ["fifo", "char 1:5", "socket"])
@pytest.mark.parametrize("name", ["_sysconfigdata__linux_x86_64-linux-gnu.py", "site.py"])
def test_special_stdlib_files_under_root_are_not_read(image: Path, name: str, spec: str) -> None:
    make_special(image_stdlib(image) / name, spec)
    r = run("path", "--root", str(image), "--python", "/usr/bin/python3", *ARGS)
    r.clean()
    # 3.12 runs its frozen site: no file of these is read by startup itself
    assert r.code == 0, r.err


@pytest.mark.parametrize("spec", ["fifo", "char 5:0"])
def test_blocking_pyvenv_cfg_is_predicted_to_hang(venv: Path, spec: str) -> None:
    make_special(venv / "pyvenv.cfg", spec)
    code, out = _venv_json(venv)
    assert code == 3
    assert str(out["fatal"]).startswith("python hangs at startup (no error, no exit): getpath opens")


def test_pyvenv_cfg_of_zeros_fails_getpath_with_memory_error(image: Path) -> None:
    venv = image / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to("/usr/bin/python3")
    make_special(venv / "pyvenv.cfg", "char 1:5")
    code, out = _root_json(image, "/venv/bin/python")
    assert code == 3
    # getpath's readlines() fills its 32 KiB buffer: "cannot read file larger than 32KB"
    assert "MemoryError: cannot read file larger than 32KB" in str(out["fatal"])


def test_fifo_pyvenv_cfg_in_a_root_image(image: Path) -> None:
    venv = image / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to("/usr/bin/python3")
    make_special(venv / "pyvenv.cfg", "fifo")
    code, out = _root_json(image, "/venv/bin/python")
    assert code == 3 and "getpath opens /venv/pyvenv.cfg, a FIFO" in str(out["fatal"])


@pytest.mark.parametrize("spec", ["fifo", "char 1:5", "block 8:0"])
def test_special_interpreter_is_refused(image: Path, spec: str) -> None:
    make_special(image / "usr" / "bin" / "python3", spec)
    msg = run("path", "--root", str(image), "--python", "/usr/bin/python3").one_line_error()
    assert "is not a regular file" in msg


def test_fifo_libpython_does_not_hang(image: Path) -> None:
    lib = image / str(Path("/root/.pyenv/versions/3.12.1/lib/libpython3.12.so.1.0")).lstrip("/")
    make_special(lib, "fifo")
    r = run("path", "--root", str(image), "--python", "/usr/bin/python3", *ARGS)
    r.clean()


# -- world files ---------------------------------------------------------------------------


def test_world_dev_zero() -> None:
    msg = run("path", "--world", "/dev/zero").one_line_error()
    assert msg == ("cannot read world file /dev/zero: the character device 1:5 (/dev/zero): "
                   "reading it never ends")


@pytest.mark.parametrize("spec", ["block 7:0", "char 1:8"])
def test_world_device_node(tmp_path: Path, spec: str) -> None:
    make_special(tmp_path / "w.json", spec)
    assert "cannot read world file" in run("path", "--world", str(tmp_path / "w.json")).one_line_error()


def test_world_fifo_without_writer_is_empty(tmp_path: Path) -> None:
    make_special(tmp_path / "w.json", "fifo")
    assert "is not valid JSON" in run("path", "--world", str(tmp_path / "w.json")).one_line_error()


def test_world_from_a_pipe_is_read(tmp_path: Path) -> None:
    # `pywhence path --world <(cat w.json)` and `--world /dev/stdin < w.json` keep working
    world = {"version": "3.12", "argv": ["/usr/bin/python3", "-c", "pass"],
             "executables": ["/usr/bin/python3"]}
    proc = subprocess.run([sys.executable, "-m", "pywhence", "path", "--world", "/dev/stdin"],
                          input=json.dumps(world).encode(), capture_output=True, timeout=TIMEOUT,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, check=False)
    assert b"Traceback" not in proc.stderr
    assert proc.returncode in (0, 3), proc.stderr


def test_world_specials_predict_like_the_disk() -> None:
    sp = "/usr/lib/python3.12/site-packages"
    world = {
        "version": "3.12.1", "argv": ["/usr/bin/python3.12", "-c", "pass"],
        "build": {"prefix": "/usr"},
        "executables": ["/usr/bin/python3.12"],
        "files": {"/usr/lib/python3.12/os.py": "", "/usr/lib/python3.12/encodings/__init__.py": ""},
        "dirs": [sp, "/usr/lib/python3.12/lib-dynload"],
    }
    fifo = pywhence.compute_world({**world, "specials": {f"{sp}/a.pth": "fifo"}})
    assert fifo.fatal is not None and fifo.fatal.startswith("python hangs at startup")
    zero = pywhence.compute_world({**world, "specials": {f"{sp}/a.pth": "char 1:5"}})
    assert zero.fatal is not None and zero.fatal.endswith("MemoryError")
    null = pywhence.compute_world({**world, "specials": {f"{sp}/a.pth": "char 1:3"}})
    assert null.fatal is None
    with pytest.raises(pywhence.WorldError, match="specials"):
        pywhence.compute_world({**world, "specials": {f"{sp}/a.pth": "pipe"}})


def test_snapshot_of_a_fifo_replays_to_the_same_prediction(venv: Path, tmp_path: Path) -> None:
    make_special(site_packages(venv) / "f.pth", "fifo")
    exe = str(venv / "bin" / "python")
    snap = tmp_path / "snap.json"
    r = run("snapshot", "--python", exe, "--clear-env", "-o", str(snap), "--", "-c", "pass")
    r.clean()
    assert r.code == 0, r.err
    doc = json.loads(snap.read_text())
    assert doc["specials"] == {str(site_packages(venv) / "f.pth"): "fifo"}
    live = run("path", "--python", exe, *ARGS)
    replay = run("path", "--world", str(snap), "--json")
    assert live.code == replay.code == 3
    assert live.out == replay.out


def test_nothing_here_opened_a_fifo(venv: Path) -> None:
    # the FIFO never saw a reader: opening its write end without blocking fails (ENXIO)
    fifo = site_packages(venv) / "f.pth"
    make_special(fifo, "fifo")
    _venv_json(venv)
    with pytest.raises(OSError):
        os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
