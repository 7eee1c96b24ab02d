"""Malformed worlds are refused with one line that names the key, never a traceback."""

from __future__ import annotations

import pytest

from pywhence.disk.world import world_from_dict
from pywhence.errors import WorldError

GOOD = {"version": "3.12", "argv": ["python3"]}


@pytest.mark.parametrize(
    "change,culprit",
    [
        ({"build": {"prefix": 5}}, "'prefix'"),
        ({"build": {"framework": "yes"}}, "'framework'"),
        ({"build": {"colour": "blue"}}, "'colour'"),
        ({"build": []}, "'build'"),
        ({"version": 3.12}, "'version'"),
        ({"version": "3.7"}, "3.7"),
        ({"version": "three"}, "three"),
        ({"argv": []}, "'argv'"),
        ({"argv": ["python", 1]}, "'argv'"),
        ({"env": {"PATH": 1}}, "PATH"),
        ({"files": {"/x": 1}}, "/x"),
        ({"files": {"relative/x": ""}}, "relative/x"),
        ({"files": {"/a": ""}, "dirs": ["/a"]}, "/a"),
        ({"embed": {"module_search_paths": "x"}}, "module_search_paths"),
        ({"uid": "0"}, "'uid'"),
        ({"platform": "beos"}, "'platform'"),
        ({"surprise": 1}, "'surprise'"),
    ],
)
def test_bad_world_names_the_culprit(change: dict[str, object], culprit: str) -> None:
    with pytest.raises(WorldError) as info:
        world_from_dict({**GOOD, **change}, source="w.json")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("w.json")
    assert culprit in message


def test_a_good_world_keeps_explicit_empty_values() -> None:
    w = world_from_dict({**GOOD, "build": {"vpath": "", "prefix": "/opt/py"}})
    assert w.interpreter.build.vpath == ""
    assert w.interpreter.build.prefix == "/opt/py"


def test_binary_file_contents_come_as_base64() -> None:
    import base64

    data = b"PK\x05\x06" + b"\0" * 18  # an empty zip archive
    w = world_from_dict({**GOOD, "files": {"/z.zip": {"base64": base64.b64encode(data).decode()}}})
    assert w.fs.read_bytes("/z.zip") == data
    with pytest.raises(WorldError, match="not valid base64"):
        world_from_dict({**GOOD, "files": {"/z.zip": {"base64": "!!"}}})


def test_executable_and_library_are_checked_for_the_platform() -> None:
    with pytest.raises(WorldError, match="executable|/usr/bin/python"):
        world_from_dict({"platform": "win32", "version": "3.12", "argv": ["python"],
                         "executable": "/usr/bin/python"})
    with pytest.raises(WorldError, match="Windows path"):
        world_from_dict({**GOOD, "library": "C:\\Python312\\python312.dll"})
