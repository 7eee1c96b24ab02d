"""Windows 3.8-3.10: PC/getpathp.c, modelled from source, NOT verified against a real interpreter.

No Windows 3.8-3.10 interpreter is available here, and the frozen-getpath oracle does not
exist before 3.11.  Every expected value below is derived by hand from the C source of
``PC/getpathp.c`` (python/cpython, 3.8-3.10 line; read at commit 01fff96) and
``PC/pyconfig.h`` (``#define PYTHONPATH L".\\\\DLLs;.\\\\lib"``); each test says which
function and statements give it.
"""

from __future__ import annotations

from typing import Any

import pytest

from pywhence.disk.world import world_from_dict
from pywhence.startup.getopt import parse_command_line
from pywhence.startup.getpath import compute_path_config
from pywhence.startup.initconfig import make_config
from pywhence.startup.result import Origin, PathConfig
from pywhence.target.behaviour import behaviour_for
from pywhence.trace import Trace

ROOT = "C:\\Python39"
EXE = f"{ROOT}\\python.exe"
DLL = f"{ROOT}\\python39.dll"


def install(root: str = ROOT, *, lib: bool = True, nodot: str = "39") -> dict[str, str]:
    files = {f"{root}\\python.exe": "", f"{root}\\python{nodot}.dll": "", f"{root}\\DLLs\\_socket.pyd": ""}
    if lib:
        files[f"{root}\\Lib\\os.py"] = ""
        files[f"{root}\\Lib\\encodings\\__init__.py"] = ""
    return files


def run(files: dict[str, str], *, argv0: str = EXE, exe: str | None = EXE, library: str | None = DLL,
        env: dict[str, str] | None = None, opts: tuple[str, ...] = (), version: str = "3.9.13",
        registry: dict[str, str] | None = None, dirs: list[str] | None = None) -> tuple[PathConfig, Trace]:
    data: dict[str, Any] = {"version": version, "platform": "win32", "argv": [argv0, *opts, "-c", "pass"],
                            "cwd": "C:\\Users\\u", "env": env or {}, "files": files, "dirs": dirs or [],
                            "build": {"prefix": ""}}
    if exe:
        data["executable"] = exe
    if library:
        data["library"] = library
    if registry:
        data["registry"] = registry
    w = world_from_dict(data)
    sw = behaviour_for(w.interpreter.version)
    cfg = make_config(w.invocation, parse_command_line(w.invocation.argv, safe_path_option=sw.safe_path), sw)
    trace = Trace()
    return compute_path_config(w.interpreter, cfg, w.fs, sw, trace), trace


def paths(pc: PathConfig) -> list[str]:
    return [e.path for e in pc.module_search_paths]


@pytest.mark.parametrize("version,nodot", [("3.8.10", "38"), ("3.9.13", "39"), ("3.10.11", "310")])
def test_installed_layout(version: str, nodot: str) -> None:
    # calculate_path: argv0_path = reduce(GetModuleFileNameW(NULL)) = C:\PythonXY.
    # zip_path = change_ext(dllpath, ".zip") = C:\PythonXY\pythonXY.zip (missing), so
    # calculate_home_prefix: search_for_prefix(argv0_path, L"lib\\os.py") -> home = prefix = C:\PythonXY.
    # calculate_module_search_path (home set): zip; PYTHONPATH macro items '.\DLLs' and
    # '.\lib' with the '.' replaced by home; then argv0_path.
    root = f"C:\\Python{nodot}"
    pc, trace = run(install(root, nodot=nodot), argv0=f"{root}\\python.exe", exe=f"{root}\\python.exe",
                    library=f"{root}\\python{nodot}.dll", version=version)
    assert pc.executable == pc.base_executable == f"{root}\\python.exe"
    assert pc.prefix == pc.exec_prefix == pc.base_prefix == pc.base_exec_prefix == root
    assert paths(pc) == [f"{root}\\python{nodot}.zip", f"{root}\\DLLs", f"{root}\\lib", root]
    assert [e.origin for e in pc.module_search_paths] == [
        Origin.STDLIB_ZIP, Origin.BUILD_PYTHONPATH, Origin.BUILD_PYTHONPATH, Origin.EXECUTABLE_DIR]
    assert pc.fatal is None
    assert any("modelled from source, not verified" in " ".join(d.inputs) for d in trace.decisions)


def test_pythonpath_and_registry_application_paths() -> None:
    # calculate_module_search_path: PYTHONPATH as given (relative items kept), the zip,
    # then user_path (HKCU) before machine_path (HKLM).  home is known, so
    # getpythonregpath(..., skipcore=1) leaves out the PythonPath key's own value.
    reg = "Software\\Python\\PythonCore\\3.9\\PythonPath"
    registry = {f"HKLM\\{reg}": "D:\\core", f"HKLM\\{reg}\\PythonWin": "D:\\pw;D:\\pw\\lib",
                f"HKLM\\{reg}\\Alpha": "D:\\alpha", f"HKCU\\{reg}\\Mine": "D:\\mine"}
    pc, _ = run(install(), env={"PYTHONPATH": "C:\\a;rel"}, registry=registry)
    assert paths(pc) == ["C:\\a", "rel", f"{ROOT}\\python39.zip", "D:\\mine", "D:\\alpha", "D:\\pw", "D:\\pw\\lib",
                         f"{ROOT}\\DLLs", f"{ROOT}\\lib", ROOT]


def test_registry_ignored_under_E() -> None:
    # `if (!Py_IgnoreEnvironmentFlag)` guards both getpythonregpath calls (-E and -I set it).
    reg = "Software\\Python\\PythonCore\\3.9\\PythonPath"
    pc, _ = run(install(), registry={f"HKLM\\{reg}\\X": "D:\\x"}, env={"PYTHONPATH": "C:\\a"}, opts=("-E",))
    assert paths(pc) == [f"{ROOT}\\python39.zip", f"{ROOT}\\DLLs", f"{ROOT}\\lib", ROOT]


def test_registry_core_path_when_home_not_found() -> None:
    # No lib\os.py anywhere above argv0_path: home stays NULL, so skipcore=0 and the
    # HKLM core value is appended after the subkeys; skipdefault is true (machine_path),
    # so neither the macro nor anything home-relative is added, argv0_path last.
    # prefix is empty, so "one last hack" scans the entries backwards: reduce(argv0_path)
    # = 'C:' finds nothing, reduce('D:\stdlib\Lib') = 'D:\stdlib' holds lib\os.py.
    reg = "Software\\Python\\PythonCore\\3.9\\PythonPath"
    files = {**install(lib=False), "D:\\stdlib\\Lib\\os.py": "", "D:\\stdlib\\Lib\\encodings\\__init__.py": ""}
    pc, _ = run(files, registry={f"HKLM\\{reg}": "D:\\stdlib\\Lib;D:\\stdlib\\DLLs", f"HKLM\\{reg}\\Tool": "D:\\tool"})
    assert paths(pc) == [f"{ROOT}\\python39.zip", "D:\\tool", "D:\\stdlib\\Lib", "D:\\stdlib\\DLLs", ROOT]
    assert pc.prefix == pc.exec_prefix == "D:\\stdlib"
    assert pc.fatal is None


def test_nothing_found_uses_relative_macro() -> None:
    # home NULL, no PYTHONPATH, no registry: skipdefault is 0 and the macro goes in as is
    # ('.\DLLs', '.\lib', relative to the working directory), then argv0_path.
    pc, _ = run(install(lib=False))
    assert paths(pc) == [f"{ROOT}\\python39.zip", ".\\DLLs", ".\\lib", ROOT]
    assert pc.prefix == ""
    assert pc.fatal is not None and "encodings" in pc.fatal


def test_venv_launcher() -> None:
    # get_program_full_path: __PYVENV_LAUNCHER__ replaces program_full_path, the module's
    # own path canonicalised into base_executable.  calculate_pyvenv_file: argv0_path
    # (C:\v\Scripts) has no pyvenv.cfg, reduce twice + join gives C:\v\pyvenv.cfg, whose
    # home replaces argv0_path.  The zip comes from the DLL; home from the landmark search.
    files = {**install(), "C:\\v\\Scripts\\python.exe": "", "C:\\v\\pyvenv.cfg": f"home = {ROOT}\n"}
    pc, _ = run(files, argv0=EXE, env={"__PYVENV_LAUNCHER__": "C:\\v\\Scripts\\python.exe"})
    assert pc.executable == "C:\\v\\Scripts\\python.exe"
    assert pc.base_executable == EXE
    assert pc.prefix == ROOT
    assert paths(pc) == [f"{ROOT}\\python39.zip", f"{ROOT}\\DLLs", f"{ROOT}\\lib", ROOT]
    assert pc.venv_home == ROOT


def test_venv_cfg_without_trailing_newline_is_not_read() -> None:
    # _Py_FindEnvConfigValue (3.8-3.10) stops at a line without '\n': home is never seen,
    # argv0_path stays C:\v\Scripts and the landmark search from there fails.
    files = {**install(), "C:\\v\\Scripts\\python.exe": "", "C:\\v\\pyvenv.cfg": f"home = {ROOT}"}
    pc, _ = run(files, env={"__PYVENV_LAUNCHER__": "C:\\v\\Scripts\\python.exe"})
    assert paths(pc)[-1] == "C:\\v\\Scripts"
    assert pc.venv_home is None


def test_pythonhome_believed_and_trailing_separator_doubled() -> None:
    # calculate_home_prefix copies PYTHONHOME to prefix as is; the macro's '.\DLLs' has
    # only its '.' replaced, so a home ending in '\' gives 'D:\alt\\DLLs'.
    files = {**install(), "D:\\alt\\Lib\\os.py": ""}
    pc, _ = run(files, env={"PYTHONHOME": "D:\\alt\\"})
    assert pc.prefix == "D:\\alt\\"
    assert paths(pc) == [f"{ROOT}\\python39.zip", "D:\\alt\\\\DLLs", "D:\\alt\\\\lib", ROOT]


def test_zip_beside_executable_when_no_dll() -> None:
    # get_dllpath fails (no DLL), so zip_path = change_ext(program_full_path, ".zip"):
    # python.zip, not python39.zip.  It exists, so home = reduce(zip_path).
    files = {**install(lib=False), f"{ROOT}\\python.zip": "PK"}
    pc, _ = run(files, library=None)
    assert paths(pc)[0] == f"{ROOT}\\python.zip"
    assert pc.prefix == ROOT


@pytest.mark.parametrize("text,expected,site", [
    ("python39.zip\n.\n#import site\n", ["C:\\e\\python39.zip", "C:\\e"], False),
    ("python39.zip\r\n.\r\nimport site\r\n", ["C:\\e\\python39.zip", "C:\\e"], True),
    ("..\\shared\n\nLib\\site-packages\nimport site\n", ["C:\\shared", "C:\\e\\Lib\\site-packages"], True),
    # only a '#' in the first column is a comment; 'import site  ' is not 'import site'
    ("a # not a comment\n", ["C:\\e\\a # not a comment"], False),
])
def test_pth_file_beside_dll(text: str, expected: list[str], site: bool) -> None:
    # calculate_pth_file: get_pth_filename tries the DLL's name with ._pth first; then
    # read_pth_file sets isolated=1, site_import=0 ('import site' sets it back) and joins
    # each line to the file's directory; prefix = exec_prefix = that directory.
    e = "C:\\e"
    files = {f"{e}\\python.exe": "", f"{e}\\python39.dll": "", f"{e}\\python39.zip": "PK", f"{e}\\python39._pth": text}
    pc, _ = run(files, argv0=f"{e}\\python.exe", exe=f"{e}\\python.exe", library=f"{e}\\python39.dll",
                env={"PYTHONPATH": "C:\\ignored"})
    assert paths(pc) == expected
    assert pc.isolated is True
    assert pc.site_import is site
    assert pc.prefix == pc.exec_prefix == e


def test_pth_beside_executable_and_unsupported_import() -> None:
    # get_pth_filename falls back to program_full_path's name (python._pth); an
    # 'import x' line other than 'import site' is an error status: startup stops.
    e = "C:\\e"
    files = {f"{e}\\python.exe": "", f"{e}\\python39.dll": "", f"{e}\\python._pth": ".\nimport foo\n"}
    pc, _ = run(files, argv0=f"{e}\\python.exe", exe=f"{e}\\python.exe", library=f"{e}\\python39.dll")
    assert pc.fatal == "Fatal Python error: read_pth_file: only 'import site' is supported in ._pth file"
