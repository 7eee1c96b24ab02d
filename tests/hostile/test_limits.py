"""Bounded reads: no file makes pywhence take all the memory (issue 12, cases 2 and 6).

Sparse files cost no disk space, so an image can hold a 300 MB ``.pth`` file or world
for free; CPython's own limits (getpath's 32 KiB ``readlines``) are kept where it has
them, pywhence's (disk/fileio.py ``MAX_READ``, 256 MiB) everywhere else.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pywhence
from pywhence.disk.fileio import MAX_READ

from .helpers import image_stdlib, site_packages
from .helpers import pywhence as run

ARGS = ("--clear-env", "--json", "--", "-c", "pass")


def _sparse(path: Path, size: int, head: bytes = b"") -> None:
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(size)


def test_a_sparse_pth_beyond_the_bound_is_reported_not_read(venv: Path) -> None:
    pth = site_packages(venv) / "huge.pth"
    _sparse(pth, MAX_READ + 1, b"/nowhere\n")
    r = run("path", "--python", str(venv / "bin" / "python"), *ARGS)
    r.clean()
    out = json.loads(r.out)
    assert r.code == 0
    assert any(w.startswith(f"pywhence: {pth} is {MAX_READ + 1} bytes") for w in out["warnings"])


def test_a_sparse_world_beyond_the_bound(tmp_path: Path) -> None:
    world = tmp_path / "w.json"
    _sparse(world, MAX_READ + 10)
    msg = run("path", "--world", str(world)).one_line_error()
    assert msg.startswith(f"cannot read world file {world}: larger than the {MAX_READ} bytes")


def test_a_sparse_sysconfigdata_is_not_read(image: Path) -> None:
    # discovery reads build constants from it: more than 16 MiB is no build's, ignored
    data = image_stdlib(image) / "_sysconfigdata__linux_x86_64-linux-gnu.py"
    data.unlink()
    _sparse(data, 64 * 1024 * 1024, b"build_time_vars = {'prefix': '/elsewhere',\n")
    r = run("path", "--root", str(image), "--python", "/usr/bin/python3", *ARGS)
    r.clean()
    assert r.code == 0


@pytest.mark.parametrize("depth", [2_000, 200_000])
def test_deeply_nested_json_world(tmp_path: Path, depth: int) -> None:
    world = tmp_path / "w.json"
    world.write_text("[" * depth)
    msg = run("path", "--world", str(world)).one_line_error()
    assert msg.startswith(f"world file {world} is not valid JSON")


def test_deep_nesting_inside_a_valid_world(tmp_path: Path) -> None:
    world = tmp_path / "w.json"
    world.write_text('{"version": "3.12", "argv": ["python"], "comment": ' + "[" * 100_000
                     + "]" * 100_000 + "}")
    msg = run("path", "--world", str(world)).one_line_error()
    assert msg == f"world file {world} is not valid JSON: nested too deeply"


def test_a_megabyte_pyvenv_cfg_is_getpaths_memory_error(venv: Path) -> None:
    # CPython's own limit: getpath's readlines() refuses 32 KiB or more (3.11+)
    cfg = venv / "pyvenv.cfg"
    cfg.write_text(cfg.read_text() + "# padding\n" * 100_000)
    r = run("path", "--python", str(venv / "bin" / "python"), *ARGS)
    r.clean()
    assert r.code == 3
    assert "MemoryError: cannot read file larger than 32KB" in json.loads(r.out)["fatal"]


def test_memory_world_of_big_pth_beyond_bound_is_not_bounded() -> None:
    # a world's files are in memory already: the bound is the world file's own size
    sp = "/usr/lib/python3.12/site-packages"
    world = {
        "version": "3.12.1", "argv": ["/usr/bin/python3.12", "-c", "pass"],
        "build": {"prefix": "/usr"}, "executables": ["/usr/bin/python3.12"],
        "files": {"/usr/lib/python3.12/os.py": "", "/usr/lib/python3.12/encodings/__init__.py": "",
                  f"{sp}/a.pth": "/usr\n" * 1000},
        "dirs": ["/usr/lib/python3.12/lib-dynload"],
    }
    assert pywhence.compute_world(world).fatal is None
