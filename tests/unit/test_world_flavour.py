"""A path of the wrong flavour in a world is an error that names the path and the platform.

A Windows path in a linux/darwin world (or a POSIX one in a win32 world) would otherwise
be taken as a relative file name and silently give a wrong answer.
"""

from __future__ import annotations

from typing import Any

import pytest

from pywhence.disk.world import world_from_dict
from pywhence.errors import WorldError


def _error(data: dict[str, Any]) -> str:
    with pytest.raises(WorldError) as info:
        world_from_dict({"version": "3.12", "argv": ["python3"], **data}, source="w.json")
    return str(info.value)


@pytest.mark.parametrize("platform", ["linux", "darwin"])
@pytest.mark.parametrize("key,value", [
    ("files", {"C:\\Python312\\Lib\\os.py": ""}),
    ("dirs", ["C:\\Python312\\DLLs"]),
    ("executables", ["C:\\Python312\\python.exe"]),
    ("symlinks", {"C:\\link": "/usr/bin/python3"}),
    ("files", {"lib\\os.py": ""}),  # a backslash alone marks it
    ("cwd", "D:\\work"),
])
def test_windows_path_in_posix_world(platform: str, key: str, value: Any) -> None:
    msg = _error({"platform": platform, key: value})
    assert msg.startswith("w.json: path ")
    assert "looks like a Windows path, but the world's platform is POSIX" in msg
    shown = value if isinstance(value, str) else next(iter(value))
    assert repr(shown) in msg


@pytest.mark.parametrize("key,value", [
    ("files", {"/usr/lib/python3.12/os.py": ""}),
    ("dirs", ["/opt/py"]),
    ("executables", ["/usr/bin/python3"]),
    ("symlinks", {"/usr/bin/python": "python3"}),
    ("cwd", "/tmp"),
    ("files", {"Python312\\Lib\\os.py": ""}),  # relative: no drive either
])
def test_posix_path_in_windows_world(key: str, value: Any) -> None:
    msg = _error({"platform": "win32", key: value})
    assert msg.startswith("w.json: path ")
    assert "is not a Windows path (drive letter expected), but the world's platform is win32" in msg
    shown = value if isinstance(value, str) else next(iter(value))
    assert repr(shown) in msg


@pytest.mark.parametrize("path", ["C:\\Python312\\python.exe", "C:/Python312/python.exe", "d:\\x"])
def test_windows_paths_accepted_in_windows_world(path: str) -> None:
    w = world_from_dict({"version": "3.12", "platform": "win32", "argv": ["python"], "files": {path: ""}})
    assert w.fs.is_file(path)
    assert w.fs.is_file(path.upper())  # NTFS look-ups ignore case


def test_posix_default_cwd_is_not_used_on_windows() -> None:
    w = world_from_dict({"version": "3.12", "platform": "win32", "argv": ["python"]})
    assert w.invocation.cwd == "C:\\"
