"""Path configuration: origins, trace, fatal errors and the pre-3.11 algorithm.

The 3.11+ values themselves are checked against CPython's frozen getpath in
tests/oracle/; these tests cover what the oracle cannot see (where each entry comes
from, the decisions recorded, the stdlib check) and the 3.8-3.10 C algorithm, whose
expectations were measured with real 3.8.18/3.9.18/3.10.13 interpreters
(tests/oracle/real_check.py).
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from typing import Any

import pytest

from pywhence.disk.fs import LocalFS
from pywhence.disk.world import world_from_dict
from pywhence.invocation import Invocation
from pywhence.startup.getopt import parse_command_line
from pywhence.startup.getpath import compute_path_config
from pywhence.startup.initconfig import make_config
from pywhence.startup.result import Origin, PathConfig
from pywhence.target.behaviour import behaviour_for
from pywhence.target.interpreter import Interpreter, Version
from pywhence.trace import Trace


def install(prefix: str, xy: str, **extra: Any) -> dict[str, Any]:
    lib = f"{prefix}/lib/python{xy}"
    w: dict[str, Any] = {
        "files": {f"{lib}/os.py": "", f"{lib}/encodings/__init__.py": ""},
        "dirs": [f"{lib}/lib-dynload"],
        "executables": [f"{prefix}/bin/python{xy}"],
        "symlinks": {f"{prefix}/bin/python3": f"python{xy}"},
    }
    for k, v in extra.items():
        if isinstance(v, dict):
            w.setdefault(k, {}).update(v)
        else:
            w.setdefault(k, []).extend(v)
    return w


def compute(version: str, argv: list[str], disk: dict[str, Any], env: dict[str, str] | None = None,
            cwd: str = "/", build: dict[str, Any] | None = None) -> tuple[PathConfig, Trace]:
    world = world_from_dict({"version": version, "argv": argv, "env": env or {}, "cwd": cwd,
                             "build": build or {"prefix": "/usr/local"}, **disk})
    sw = behaviour_for(world.interpreter.version)
    cl = parse_command_line(world.invocation.argv, safe_path_option=sw.safe_path)
    cfg = make_config(world.invocation, cl, sw)
    trace = Trace()
    return compute_path_config(world.interpreter, cfg, world.fs, sw, trace), trace


def paths(pc: PathConfig) -> list[str]:
    return [e.path for e in pc.module_search_paths]


# -- origins and details ----------------------------------------------------------------


@pytest.mark.parametrize("version", ["3.10", "3.12"])
def test_every_entry_names_its_input(version: str) -> None:
    pc, _ = compute(version, ["/opt/py/bin/python3", "-c", "pass"], install("/opt/py", version),
                    env={"PYTHONPATH": "/a:/b"})
    got = [(e.origin, e.detail.split(" ")[0:3]) for e in pc.module_search_paths]
    assert [o for o, _ in got] == [Origin.PYTHONPATH, Origin.PYTHONPATH, Origin.STDLIB_ZIP,
                                   Origin.STDLIB, Origin.PLATSTDLIB]
    assert pc.module_search_paths[1].detail.startswith("PYTHONPATH item 2")
    stdlib = pc.module_search_paths[3]
    assert "/opt/py" in stdlib.detail and f"lib/python{version}/os.py" in stdlib.detail
    assert [e.exists for e in pc.module_search_paths] == [False, False, False, True, True]


def test_pth_entries_name_file_and_line() -> None:
    disk = install("/opt/py", "3.12", files={"/opt/py/bin/python3.12._pth": "# c\n../lib/python3.12\n\nimport site\nextra\n"})
    pc, trace = compute("3.12", ["/opt/py/bin/python3", "-c", "pass"], disk, env={"PYTHONPATH": "/ignored"})
    assert paths(pc) == ["/opt/py/lib/python3.12", "/opt/py/bin/extra"]
    assert [e.detail for e in pc.module_search_paths] == [
        "/opt/py/bin/python3.12._pth line 2", "/opt/py/bin/python3.12._pth line 5"]
    assert {e.origin for e in pc.module_search_paths} == {Origin.PTH_FILE}
    assert (pc.isolated, pc.use_environment, pc.site_import, pc.safe_path) == (True, False, True, True)
    assert any(d.rule == "._pth file" for d in trace.decisions)


def test_pth_is_ignored_before_311() -> None:
    disk = install("/opt/py", "3.10", files={"/opt/py/bin/python3.10._pth": "x\n"})
    pc, _ = compute("3.10", ["/opt/py/bin/python3", "-c", "pass"], disk)
    assert paths(pc)[1:] == ["/opt/py/lib/python3.10", "/opt/py/lib/python3.10/lib-dynload"]
    assert not pc.isolated


def test_build_pythonpath_macro_entries() -> None:
    pc, _ = compute("3.12", ["/opt/py/bin/python3", "-c", "pass"], install("/opt/py", "3.12"),
                    build={"prefix": "/opt/py", "pythonpath": "plat-x:/abs"})
    macro = [e for e in pc.module_search_paths if e.origin == Origin.BUILD_PYTHONPATH]
    assert [e.path for e in macro] == ["/opt/py/plat-x", "/abs"]


# -- the trace --------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["3.9", "3.13"])
def test_venv_home_is_traced_with_its_line(version: str) -> None:
    disk = install("/opt/py", version, files={"/v/pyvenv.cfg": "# c\nhome = /opt/py/bin\n"},
                   executables=["/v/bin/python"])
    pc, trace = compute(version, ["/v/bin/python", "-c", "pass"], disk)
    assert pc.prefix == "/opt/py" and pc.venv_home == "/opt/py/bin"
    venv = [d for d in trace.decisions if d.stage == "getpath" and d.rule == "venv"]
    assert venv and "pyvenv.cfg line 2 home=/opt/py/bin" in venv[0].outcome


def test_every_entry_points_at_a_decision() -> None:
    pc, trace = compute("3.12", ["/opt/py/bin/python3", "-c", "pass"], install("/opt/py", "3.12"))
    for e in pc.module_search_paths:
        assert e.decision is not None
        assert trace.decisions[e.decision].outcome == e.path


# -- warnings and fatal errors ------------------------------------------------------------


@pytest.mark.parametrize("version,first", [
    ("3.10", "Fatal Python error: init_fs_encoding: failed to get the Python codec of the filesystem encoding"),
    ("3.12", "Fatal Python error: init_fs_encoding: failed to get the Python codec of the filesystem encoding"),
    ("3.13", "Fatal Python error: Failed to import encodings module"),
])
def test_missing_stdlib_is_fatal_with_the_measured_message(version: str, first: str) -> None:
    pc, _ = compute(version, ["/tmp/x/bin/python3", "-c", "pass"], {"executables": ["/tmp/x/bin/python3"]})
    assert pc.fatal is not None
    assert pc.fatal.splitlines()[0] == first
    assert pc.fatal.splitlines()[-1] == "ModuleNotFoundError: No module named 'encodings'"
    assert pc.warnings[:2] == ("Could not find platform independent libraries <prefix>",
                               "Could not find platform dependent libraries <exec_prefix>")


def test_warning_order_before_311_ends_with_pythonhome_hint() -> None:
    pc, _ = compute("3.9", ["/tmp/x/bin/python3", "-c", "pass"], {"executables": ["/tmp/x/bin/python3"]})
    assert pc.warnings[-1] == "Consider setting $PYTHONHOME to <prefix>[:<exec_prefix>]"


def test_stdlib_in_zip_is_importable() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("encodings/__init__.py", "")
    disk = {"executables": ["/opt/z/bin/python3"], "files": {}}
    world_zip = buf.getvalue().decode("latin-1")
    pc, _ = compute("3.12", ["/opt/z/bin/python3", "-c", "pass"], disk)
    assert pc.fatal
    # the same machine with the zip: bytes go through a world built by hand
    from pywhence.disk.fs import MemoryFS

    world = world_from_dict({"version": "3.12", "argv": ["/opt/z/bin/python3"], "executables": ["/opt/z/bin/python3"]})
    fs = MemoryFS(files={"/opt/z/lib/python312.zip": world_zip.encode("latin-1")}, executables=["/opt/z/bin/python3"])
    sw = behaviour_for(world.interpreter.version)
    cfg = make_config(world.invocation, parse_command_line(world.invocation.argv), sw)
    pc = compute_path_config(world.interpreter, cfg, fs, sw, Trace())
    assert pc.fatal is None
    assert pc.prefix == "/opt/z" and paths(pc)[0] == "/opt/z/lib/python312.zip"


def test_huge_pyvenv_cfg_makes_getpath_fail() -> None:
    disk = install("/opt/py", "3.12", files={"/v/pyvenv.cfg": "#" * 40000 + "\n"}, executables=["/v/bin/python"])
    pc, _ = compute("3.12", ["/v/bin/python", "-c", "pass"], disk)
    assert pc.fatal is not None and pc.fatal.startswith("Fatal Python error: error evaluating path")
    assert "cannot read file larger than 32KB" in pc.fatal


# -- 3.8-3.10 (measured with real interpreters) ---------------------------------------------


def test_old_pyvenv_cfg_needs_a_final_newline_and_spaced_equals() -> None:
    for cfg, found in [("home = /opt/py/bin\n", True), ("home = /opt/py/bin", False),
                       ("home=/opt/py/bin\n", False), ("HOME = /opt/py/bin\n", False),
                       ("\ufeffhome = /opt/py/bin\n", False)]:
        disk = install("/opt/py", "3.10", files={"/v/pyvenv.cfg": cfg}, executables=["/v/bin/python"])
        pc, _ = compute("3.10", ["/v/bin/python", "-c", "pass"], disk, build={"prefix": "/nowhere"})
        assert (pc.prefix == "/opt/py") is found, cfg


def test_old_value_keeps_spaces_after_the_first() -> None:
    disk = install("/opt/py", "3.9", files={"/v/pyvenv.cfg": "home =  /opt/py/bin\n"}, executables=["/v/bin/python"])
    pc, _ = compute("3.9", ["/v/bin/python", "-c", "pass"], disk, build={"prefix": "/nowhere"})
    assert pc.venv_home == " /opt/py/bin"


def test_old_pythonpath_is_kept_as_given_and_split_at_every_colon() -> None:
    pc, _ = compute("3.10", ["/opt/a:b/bin/python3", "-c", "pass"], install("/opt/a:b", "3.10"),
                    env={"PYTHONPATH": "rel::/x/"})
    assert paths(pc) == ["rel", "", "/x/", "/opt/a", "b/lib/python310.zip", "/opt/a",
                         "b/lib/python3.10", "/opt/a", "b/lib/python3.10/lib-dynload"]
    assert pc.prefix == "/opt/a:b"


def test_old_executable_is_not_normalised() -> None:
    disk = install("/opt/py", "3.10", dirs=["/opt/other"])
    pc, _ = compute("3.10", ["../py/bin/python3", "-c", "pass"], disk, cwd="/opt/other")
    assert pc.executable == "/opt/other/../py/bin/python3"
    # the relative symlink is joined to the link's directory, unnormalised too
    assert pc.prefix == "/opt/other/../py"


def test_old_path_set_but_empty_searches_the_cwd() -> None:
    disk = install("/opt/py", "3.10")
    pc, _ = compute("3.10", ["python3", "-c", "pass"], disk, env={"PATH": ""}, cwd="/opt/py/bin")
    assert pc.executable == "/opt/py/bin/python3"
    pc, _ = compute("3.11", ["python3", "-c", "pass"], install("/opt/py", "3.11"), env={"PATH": ""}, cwd="/opt/py/bin")
    assert pc.executable == ""


def test_38_has_no_platlibdir() -> None:
    disk = install("/opt/py", "3.8")
    pc, _ = compute("3.8", ["/opt/py/bin/python3", "-c", "pass"], disk, env={"PYTHONPLATLIBDIR": "lib64"})
    assert paths(pc) == ["/opt/py/lib/python38.zip", "/opt/py/lib/python3.8", "/opt/py/lib/python3.8/lib-dynload"]


# -- 3.14 (modelled from source) ----------------------------------------------------------


def test_314_venv_prefix_is_set_by_getpath() -> None:
    disk = install("/opt/py", "3.14", files={"/v/pyvenv.cfg": "home = /opt/py/bin\n"}, executables=["/v/bin/python"])
    pc, _ = compute("3.14", ["/v/bin/python", "-c", "pass"], disk)
    assert (pc.prefix, pc.exec_prefix) == ("/v", "/v")
    assert (pc.base_prefix, pc.base_exec_prefix) == ("/opt/py", "/opt/py")
    assert paths(pc) == ["/opt/py/lib/python314.zip", "/opt/py/lib/python3.14", "/opt/py/lib/python3.14/lib-dynload"]
    pc13, _ = compute("3.13", ["/v/bin/python", "-c", "pass"],
                      install("/opt/py", "3.13", files={"/v/pyvenv.cfg": "home = /opt/py/bin\n"}, executables=["/v/bin/python"]))
    assert pc13.prefix == "/opt/py"


# measured: 3.14.10 still adds the user site; the fix (gh-120037) is 3.15's
@pytest.mark.parametrize("version,expected", [("3.12", None), ("3.14", None), ("3.15", False)])
def test_pth_file_and_the_user_site(version: str, expected: bool | None) -> None:
    nodot = version.replace(".", "")
    disk = install("/opt/py", version, files={f"/opt/py/bin/python{version}._pth": f"../lib/python{nodot}.zip\n"})
    pc, _ = compute(version, ["/opt/py/bin/python3", "-c", "pass"], disk)
    assert pc.isolated
    assert pc.user_site_directory is expected


def test_path_dot_never_finds_the_interpreter_from_311() -> None:
    # join_relfile adds no separator after a one-character directory: '.' + 'python3'
    # is '.python3' (measured with 3.11.7, 3.12.1, 3.13.0); 3.10 finds ./python3.
    pc, _ = compute("3.12", ["python3", "-c", "pass"], install("/opt/py", "3.12"), env={"PATH": "."}, cwd="/opt/py/bin")
    assert (pc.executable, pc.prefix) == ("", "/opt/py")
    pc, _ = compute("3.10", ["python3", "-c", "pass"], install("/opt/py", "3.10"), env={"PATH": "."}, cwd="/opt/py/bin")
    assert pc.executable == "/opt/py/bin/python3"


def test_path_dot_slash_makes_getpath_fail_through_a_relative_symlink() -> None:
    # 'python3' -> 'python3.12' resolves to 'python3/python3.12'; reading
    # 'python3/pybuilddir.txt' then fails with ENOTDIR, which getpath does not expect
    # (measured with 3.11.7, 3.12.1, 3.13.0).  On a real disk: MemoryFS reports ENOENT.
    with tempfile.TemporaryDirectory() as tmp:
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        with open(os.path.join(bindir, "python3.12"), "w"):
            pass
        os.chmod(os.path.join(bindir, "python3.12"), 0o755)
        os.symlink("python3.12", os.path.join(bindir, "python3"))
        target = Interpreter(version=Version.parse("3.12"))
        inv = Invocation(argv=("python3", "-c", "pass"), env={"PATH": "./"}, cwd=bindir)
        sw = behaviour_for(target.version)
        cfg = make_config(inv, parse_command_line(inv.argv), sw)
        pc = compute_path_config(target, cfg, LocalFS(), sw, Trace())
    assert pc.fatal is not None and pc.fatal.startswith("Fatal Python error: error evaluating path")
    assert "NotADirectoryError" in pc.fatal
