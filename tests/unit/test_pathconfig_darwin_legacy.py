"""macOS 3.8-3.10: getpath.c's framework branch and the program-name overrides.

Modelled from source, NOT verified against a real interpreter (no macOS here, and no
frozen getpath before 3.11).  Expected values are derived by hand from
``Modules/getpath.c`` (3.8-3.10: ``calculate_program_full_path``,
``calculate_argv0_path`` under ``WITH_NEXT_FRAMEWORK``, ``calculate_read_pyenv``,
``search_for_prefix``) and ``Python/initconfig.c`` (``config_init_program_name``:
``PYTHONEXECUTABLE`` via ``config_get_env``, then, in framework builds,
``__PYVENV_LAUNCHER__``); each test names the statements it relies on.
"""

from __future__ import annotations

from typing import Any

from pywhence.disk.world import world_from_dict
from pywhence.startup.getopt import parse_command_line
from pywhence.startup.getpath import compute_path_config
from pywhence.startup.initconfig import make_config
from pywhence.startup.result import PathConfig
from pywhence.target.behaviour import behaviour_for
from pywhence.trace import Trace

XY = "3.9"
FW = f"/Library/Frameworks/Python.framework/Versions/{XY}"
APP = f"{FW}/Resources/Python.app/Contents/MacOS/Python"
STUB = f"{FW}/bin/python{XY}"
LIB = f"{FW}/Python"


def framework(stdlib: bool = True) -> dict[str, Any]:
    files = {LIB: ""}
    dirs = []
    if stdlib:
        files.update({f"{FW}/lib/python{XY}/os.py": "", f"{FW}/lib/python{XY}/encodings/__init__.py": ""})
        dirs.append(f"{FW}/lib/python{XY}/lib-dynload")
    return {"files": files, "dirs": dirs, "executables": [STUB, APP]}


def run(disk: dict[str, Any], *, argv0: str, exe: str | None, library: str | None = LIB,
        env: dict[str, str] | None = None, opts: tuple[str, ...] = (), framework_build: bool = True,
        prefix: str = FW) -> PathConfig:
    data: dict[str, Any] = {"version": "3.9.18", "platform": "darwin", "argv": [argv0, *opts, "-c", "pass"],
                            "cwd": "/Users/u", "env": env or {}, "build": {"prefix": prefix, "framework": framework_build},
                            **disk}
    if exe:
        data["executable"] = exe
    if library:
        data["library"] = library
    w = world_from_dict(data)
    sw = behaviour_for(w.interpreter.version)
    cfg = make_config(w.invocation, parse_command_line(w.invocation.argv, safe_path_option=sw.safe_path), sw)
    return compute_path_config(w.interpreter, cfg, w.fs, sw, Trace())


def paths(pc: PathConfig) -> list[str]:
    return [e.path for e in pc.module_search_paths]


def test_framework_through_the_bin_stub() -> None:
    # config_init_program_name: __PYVENV_LAUNCHER__ (set by Mac/Tools/pythonw.c to the
    # stub's path) becomes program_name, so program_full_path = the stub.
    # calculate_argv0_path (WITH_NEXT_FRAMEWORK): dirname(modPath)/lib/python3.9/os.py
    # exists, so argv0_path starts from the dylib and reduce() gives Versions/3.9.
    # search_for_prefix finds lib/python3.9/os.py there; sys.prefix = FW.
    pc = run(framework(), argv0=APP, exe=APP, env={"__PYVENV_LAUNCHER__": STUB})
    assert pc.executable == pc.base_executable == STUB
    assert pc.prefix == pc.exec_prefix == FW
    assert paths(pc) == [f"{FW}/lib/python39.zip", f"{FW}/lib/python{XY}", f"{FW}/lib/python{XY}/lib-dynload"]


def test_framework_venv_prefix_comes_from_the_library() -> None:
    # The venv's bin/python is a symlink to the stub; the launcher names the venv path,
    # which becomes sys.executable.  argv0_path still comes from the dylib, so
    # calculate_read_pyenv looks in Versions/3.9 and its parent -- not in the venv: getpath
    # reports the framework, and site.py (from sys.executable) does the venv.
    disk = framework()
    disk["files"]["/Users/u/venv/pyvenv.cfg"] = f"home = {FW}/bin\n"
    disk["symlinks"] = {"/Users/u/venv/bin/python": STUB}
    pc = run(disk, argv0=APP, exe=APP, env={"__PYVENV_LAUNCHER__": "/Users/u/venv/bin/python"})
    assert pc.executable == "/Users/u/venv/bin/python"
    assert pc.prefix == FW
    assert pc.venv_home is None


def test_framework_build_directory_uses_the_executable() -> None:
    # No lib/python3.9/os.py beside the dylib: "We are in the build directory so use the
    # name of the executable" -- argv0_path = program_full_path, here a build tree whose
    # Modules/Setup.local and Lib/os.py make search_for_prefix return the source Lib.
    disk = {"files": {"/src/cpython/Python.framework/Versions/3.9/Python": "", "/src/cpython/Lib/os.py": "",
                      "/src/cpython/Lib/encodings/__init__.py": "", "/src/cpython/Modules/Setup.local": ""},
            "executables": ["/src/cpython/python.exe"]}
    pc = run(disk, argv0="/src/cpython/python.exe", exe="/src/cpython/python.exe",
             library="/src/cpython/Python.framework/Versions/3.9/Python")
    assert pc.executable == "/src/cpython/python.exe"
    assert pc.stdlib_dir == "/src/cpython/Lib"
    assert "/src/cpython/Lib" in paths(pc)


def test_pythonexecutable_is_the_program_name() -> None:
    # config_init_program_name reads PYTHONEXECUTABLE (config_get_env: not under -E) and
    # makes it program_name: program_full_path and argv0_path follow it, so the prefix
    # search starts from /opt/other/bin (nothing there) and ends at the build's PREFIX,
    # which holds lib/python3.9/os.py.
    disk = {"files": {f"/usr/local/lib/python{XY}/os.py": "", f"/usr/local/lib/python{XY}/encodings/__init__.py": ""},
            "dirs": [f"/usr/local/lib/python{XY}/lib-dynload"],
            "executables": [f"/usr/local/bin/python{XY}", "/opt/other/bin/python3"]}
    pc = run(disk, argv0=f"/usr/local/bin/python{XY}", exe=f"/usr/local/bin/python{XY}", library=None,
             env={"PYTHONEXECUTABLE": "/opt/other/bin/python3"}, framework_build=False, prefix="/usr/local")
    assert pc.executable == "/opt/other/bin/python3"
    assert pc.prefix == "/usr/local"
    # -E: config_get_env returns NULL, argv[0] is the program name again
    pc = run(disk, argv0=f"/usr/local/bin/python{XY}", exe=f"/usr/local/bin/python{XY}", library=None,
             env={"PYTHONEXECUTABLE": "/opt/other/bin/python3"}, opts=("-E",), framework_build=False,
             prefix="/usr/local")
    assert pc.executable == f"/usr/local/bin/python{XY}"


def test_launcher_ignored_outside_framework_builds() -> None:
    # __PYVENV_LAUNCHER__ is read under #ifdef WITH_NEXT_FRAMEWORK only.
    disk = {"files": {f"/usr/local/lib/python{XY}/os.py": "", f"/usr/local/lib/python{XY}/encodings/__init__.py": ""},
            "executables": [f"/usr/local/bin/python{XY}"]}
    pc = run(disk, argv0=f"/usr/local/bin/python{XY}", exe=f"/usr/local/bin/python{XY}", library=None,
             env={"__PYVENV_LAUNCHER__": "/v/bin/python"}, framework_build=False, prefix="/usr/local")
    assert pc.executable == f"/usr/local/bin/python{XY}"
