"""Hostile inputs pywhence already survived before issue 12, kept so they stay survived:
``--root`` escapes, malformed worlds, things that are no interpreter, bad usage."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .helpers import image_stdlib
from .helpers import pywhence as run

# -- --root never leaves the root ------------------------------------------------------


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../../../../../../etc/passwd",
                                    "/../../../../usr/bin/python3", str(Path.home())])
def test_root_links_resolve_inside(image: Path, target: str) -> None:
    (image / "usr" / "bin" / "py").symlink_to(target)
    r = run("path", "--root", str(image), "--python", "/usr/bin/py", "--clear-env", "--json")
    r.clean()
    if r.code == 1:
        return  # one line, checked by clean(): the target is not there inside the root
    out = json.loads(r.out)
    for p in out["sys_path"]:
        assert not p.startswith(str(image)), p  # target paths, never host paths


@pytest.mark.parametrize("var", ["PYTHONHOME=/etc", "PYTHONPATH=/etc:/root:..",
                                 "PYTHONHOME=../../../../..", "PYTHONUSERBASE=/root"])
def test_root_environment_pointing_outside(image: Path, var: str) -> None:
    r = run("path", "--root", str(image), "--python", "/usr/bin/python3", "--clear-env",
            "--env", var, "--json")
    r.clean()


def test_root_pth_naming_host_paths(image: Path) -> None:
    (image_stdlib(image) / "site-packages" / "x.pth").write_text("/etc\n/root\n../../../..\n")
    r = run("path", "--root", str(image), "--python", "/usr/bin/python3", "--clear-env", "--json")
    r.clean()
    assert r.code == 0
    # /etc does not exist inside the image: site leaves it out, as CPython in a chroot
    assert "/etc" not in json.loads(r.out)["sys_path"]


def test_root_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    run("path", "--root", str(tmp_path / "f"), "--python", "/usr/bin/python3").one_line_error()


# -- worlds ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "", "null", "[]", '"a world"', "{", '{"version": "3.12"}', '{"version": 3.12, "argv": ["p"]}',
    '{"version": "3.12", "argv": ["p"], "files": {"rel/path": ""}}',
    '{"version": "3.12", "argv": ["p"], "files": {"/a": {"base64": "!!"}}}',
    '{"version": "3.12", "argv": ["p"], "files": {"C:\\\\x": ""}}',
    '{"version": "3.12", "argv": ["p"], "dirs": ["/a"], "files": {"/a": ""}}',
    '{"version": "3.12", "argv": ["p"], "typo": 1}',
    '{"version": "2.7", "argv": ["p"]}',
])
def test_malformed_world(tmp_path: Path, text: str) -> None:
    world = tmp_path / "w.json"
    world.write_text(text)
    run("path", "--world", str(world)).one_line_error()


def test_world_not_utf8(tmp_path: Path) -> None:
    world = tmp_path / "w.json"
    world.write_bytes(b'{"version": "3.12", "argv": ["\xff"]}')
    assert "not UTF-8" in run("path", "--world", str(world)).one_line_error()


def test_world_missing_and_directory(tmp_path: Path) -> None:
    run("path", "--world", str(tmp_path / "none.json")).one_line_error()
    run("path", "--world", str(tmp_path)).one_line_error()


# -- no interpreter ----------------------------------------------------------------------


def test_not_interpreters(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "noexec").write_bytes(b"\x7fELF")
    (tmp_path / "dangling").symlink_to("nowhere")
    shim = tmp_path / "shims" / "python3"
    shim.parent.mkdir()
    shim.write_text("#!/usr/bin/env bash\nexec pyenv exec python3\n")
    shim.chmod(0o755)
    for exe in ("/no/such/python", str(tmp_path / "dir"), str(tmp_path / "noexec"),
                str(tmp_path / "dangling"), str(shim), "/bin/ls", "/etc/passwd"):
        run("path", "--python", exe, "--clear-env").one_line_error()
    # a bare name not on PATH
    run("path", "--python", "python9.99", "--clear-env", "--env", "PATH=/nowhere").one_line_error()


# -- usage -------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["path", "--env", "NOEQUALS"], ["path", "--bogus"],
                                  ["path", "--world", "/x", "--python", "/y"], ["frobnicate"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    r = run(*args)
    assert r.code == 2 and "Traceback" not in r.err and r.err.count("\n") == 1


def test_huge_environment_value(tmp_path: Path) -> None:
    r = run("path", "--clear-env", "--env", "PYTHONPATH=" + ":".join(["/x"] * 20_000), "--json")
    r.clean()
    assert r.code == 0


def test_cwd_that_does_not_exist(tmp_path: Path) -> None:
    r = run("path", "--clear-env", "--cwd", str(tmp_path / "gone"), "--json")
    r.clean()


def test_script_that_is_a_fifo(tmp_path: Path) -> None:
    # sys.path[0] of a script: a FIFO named as the script is never read
    os.mkfifo(tmp_path / "s.py")
    r = run("path", "--clear-env", "--json", "--", str(tmp_path / "s.py"))
    r.clean()
