"""Windows 3.11+: a ``PythonPath`` key with subkeys and no default value of its own.

``Modules/getpath.py`` reads each subkey's default value with ``winreg.QueryValue(key,
EnumKey(key, i))`` and, when neither home nor the stdlib is known, the key's own with
``winreg.QueryValue(key, None)``, extending the search path with ``v.split(';')``.
``winreg.QueryValue`` returns '' for a default value that was never set: the rule of
``RegQueryValueW``, which 3.11 calls, and which 3.12's ``RegQueryValueExW``
implementation keeps on purpose (``ERROR_FILE_NOT_FOUND`` -> '', gh-102344).  So such a
key contributes one '' entry, and site later makes it the working directory.  The
frozen-getpath oracle agrees world by world (tests/oracle/worlds_platforms.py,
``registry-hkcu-subkey-only-*``).
"""

from __future__ import annotations

import os
from typing import Any

import pytest

import pywhence

REG = "SOFTWARE\\Python\\PythonCore\\{xy}\\PythonPath"


def _world(version: str) -> dict[str, Any]:
    xy = ".".join(version.split(".")[:2])
    nodot = xy.replace(".", "")
    root, reg = f"C:\\Python{nodot}", REG.format(xy=xy)
    return {
        "version": version, "platform": "win32", "argv": [f"{root}\\python.exe", "-c", "pass"],
        "cwd": "C:\\Users\\u", "env": {}, "build": {"prefix": ""},
        "executable": f"{root}\\python.exe", "library": f"{root}\\python{nodot}.dll",
        "files": {f"{root}\\python.exe": "", f"{root}\\python{nodot}.dll": "",
                  "D:\\stdlib\\Lib\\os.py": "", "D:\\stdlib\\Lib\\encodings\\__init__.py": ""},
        "dirs": ["C:\\Users\\u"],
        "registry": {f"HKLM\\{reg}": "D:\\stdlib\\Lib;D:\\stdlib\\DLLs",
                     f"HKCU\\{reg}\\Extra": "C:\\extra"},
    }


@pytest.mark.parametrize("version", ["3.11.7", "3.12.1", "3.13.0", "3.14.0"])
def test_a_key_without_a_default_value_gives_an_empty_entry(version: str) -> None:
    s = pywhence.compute_world(_world(version))
    nodot = "".join(version.split(".")[:2])
    assert s.module_search_paths == [
        f"C:\\Python{nodot}\\python{nodot}.zip", "C:\\extra", "", "D:\\stdlib\\Lib",
        "D:\\stdlib\\DLLs", "C:\\Users\\u", "C:\\Users\\u\\Lib", f"C:\\Python{nodot}"]
    empty = s.path_config.module_search_paths[2]
    assert empty.detail.endswith("PythonPath (default) item 1")
    # site: '' is made absolute (the working directory), the later duplicate dropped
    assert s.sys_path[:4] == ["", f"C:\\Python{nodot}\\python{nodot}.zip", "C:\\extra",
                              "C:\\Users\\u"]
    assert s.sys_path.count("C:\\Users\\u") == 1
    assert s.entries[3].exists is True  # the check speaks of the path shown


def test_a_default_value_is_read_only_without_home_and_stdlib() -> None:
    w = _world("3.12.1")
    w["env"] = {"PYTHONHOME": "D:\\stdlib"}
    s = pywhence.compute_world(w)
    assert "" not in s.module_search_paths
    assert "C:\\extra" in s.module_search_paths


@pytest.mark.parametrize("version", ["3.11.7", "3.12.1"])
def test_no_empty_entry_comes_only_from_cpythons_test_mock(version: str) -> None:
    """Issue 11 item 5 said the frozen getpath gives no '' here.  It does so only with
    Lib/test/test_getpath.py's MockWinreg, which raises for a value never set; with
    winreg as PC/winreg.c implements it ('' for a value never set) the same frozen
    getpath gives the '' entry, and the model agrees with that one."""
    from tests.oracle.harness import ORACLES, run_oracle

    python = ORACLES.get(version)
    if python is None or not os.access(python, os.X_OK):
        pytest.skip(f"no CPython {version} to run the frozen getpath")
    world = _world(version)
    real = run_oracle(python, [world])[0]["module_search_paths"]
    mock = run_oracle(python, [world], winreg="test_getpath")[0]["module_search_paths"]
    assert "" in real and "" not in mock
    assert [p for p in real if p != ""] == mock
    assert pywhence.compute_world(world).module_search_paths == real
