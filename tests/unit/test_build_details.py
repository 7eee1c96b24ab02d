"""PEP 739 build-details.json, debug and free-threaded builds: read statically, checked
against what discovery reads elsewhere and against the real interpreters.

The real ones are Debian sid's 3.14 and 3.15 (release and, when fetched with
``tools/sid_oracle.py --debug``, 3.15's debug build) that ``make test`` unpacks in
.oracles/sid; without them those tests are skipped.  No free-threaded interpreter is
available (sid ships none): free-threaded builds are checked as worlds here, against
the frozen getpath (tests/oracle/worlds.py) and against site.py (site_worlds.py).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from pywhence.disk.fs import MemoryFS
from pywhence.disk.world import WorldError, world_from_dict
from pywhence.target.build_details import (
    build_details_path,
    parse_build_details,
    read_build_details,
)
from pywhence.target.buildtables import extension_suffixes
from pywhence.target.discovery import discover_invocation
from pywhence.target.dynload import default_extension_suffixes
from pywhence.target.facts import Facts
from pywhence.target.interpreter import Build, Interpreter, Version
from pywhence.target.sysconfigdata import sysconfigdata_in

SID = Path(__file__).resolve().parents[2] / ".oracles" / "sid" / "usr"
BINARIES = ["python3.14", "python3.15", "python3.15d"]

_ASK = ("import sys, json, sysconfig, importlib.machinery as m; print(json.dumps({"
        "'version': list(sys.version_info[:3]), 'abiflags': sys.abiflags,"
        "'suffixes': m.EXTENSION_SUFFIXES, 'multiarch': sys.implementation._multiarch,"
        "'gil_disabled': sysconfig.get_config_var('Py_GIL_DISABLED')}))")


def _real(name: str) -> Path:
    binary = SID / "bin" / name
    if not os.access(binary, os.X_OK):
        pytest.skip(f"{binary} is not there (tools/sid_oracle.py{' --debug' if name.endswith('d') else ''})")
    return binary


@pytest.mark.parametrize("name", BINARIES)
def test_build_details_agree_with_sysconfigdata_binary_and_the_interpreter(name: str) -> None:
    binary = _real(name)
    target, _, fs = discover_invocation(str(binary), (), {}, "/", None, False)
    prov = dict(target.provenance)
    xy = f"{target.version.major}.{target.version.minor}"
    stdlib = str(SID / "lib" / f"python{xy}")
    # Debian's name: build-details.{ABIFLAGS}.{MULTIARCH}.json, the debug build's beside
    path = build_details_path(fs, stdlib, target.build.abiflags, target.build.multiarch)
    assert path == f"{stdlib}/build-details.{target.build.abiflags}.x86_64-linux-gnu.json"
    details = parse_build_details(Path(path).read_text())
    found = sysconfigdata_in(fs, stdlib, target.version.xy, abiflags=target.build.abiflags)
    assert found is not None
    sc, cv = found
    assert ("_d_" in sc) is name.endswith("d")
    # build-details.json against _sysconfigdata_*.py and the ELF (what discovery read)
    assert details["version"] == (target.version.major, target.version.minor, target.version.micro)
    assert "Py_Version" in prov["version micro"]
    assert details["base_prefix"] == cv["prefix"] == target.build.prefix
    assert details["abiflags"] == cv["ABIFLAGS"] == target.build.abiflags
    assert details["multiarch"] == cv["MULTIARCH"] == target.build.multiarch
    assert details["extension_suffixes"] == target.build.extension_suffixes
    from_binary, where = extension_suffixes(target, fs)
    assert "_PyImport_DynLoadFiletab" in where
    assert from_binary == details["extension_suffixes"]
    # ... and against the interpreter itself (run here, never by the model)
    real = json.loads(subprocess.run([str(binary), "-I", "-c", _ASK], capture_output=True, text=True,
                                     check=True, env={"PATH": "/usr/bin:/bin"}).stdout)
    assert tuple(real["version"]) == details["version"]
    assert real["abiflags"] == target.build.abiflags
    assert tuple(real["suffixes"]) == from_binary
    assert real["multiarch"] == target.build.multiarch
    assert not real["gil_disabled"] and target.build.abi_thread == ""
    assert target.build.debug is name.endswith("d")
    # configure's defaults (a world has no binary) give the same list from 3.15 (sid's
    # 3.14 appends a Debian '.abi3-<multiarch>.so' only its binary knows of)
    if target.version.xy >= (3, 15):
        assert default_extension_suffixes(target, debug=target.build.debug) == from_binary


def test_upstream_name_first() -> None:
    fs = MemoryFS(files={"/p/lib/python3.14/build-details.json": "{}",
                         "/p/lib/python3.14/build-details..x86_64-linux-gnu.json": "{}"})
    assert build_details_path(fs, "/p/lib/python3.14", "", None) == "/p/lib/python3.14/build-details.json"


def test_debian_name_by_abi_flags() -> None:
    d = {"abi": {"flags": ["t", "d"]}, "implementation": {"_multiarch": "x86_64-linux-gnu",
                                                         "version": {"major": 3, "minor": 15, "micro": 2}},
         "suffixes": {"extensions": [".cpython-315td-x86_64-linux-gnu.so", ".so"]}, "base_prefix": "/usr"}
    fs = MemoryFS(files={"/usr/lib/python3.15t/build-details.td.x86_64-linux-gnu.json": json.dumps(d),
                         "/usr/lib/python3.15t/build-details.t.x86_64-linux-gnu.json": "{}"})
    facts = Facts()
    read_build_details(fs, "/usr/lib/python3.15t", facts, "td")
    assert (facts.major, facts.minor, facts.micro) == (3, 15, 2)
    assert facts.abiflags == "td" and facts.abi_thread == "t"
    assert facts.extension_suffixes == (".cpython-315td-x86_64-linux-gnu.so", ".so")
    assert facts.prefix == "/usr" and facts.multiarch == "x86_64-linux-gnu"


def test_broken_build_details_is_ignored() -> None:
    assert parse_build_details("{not json") == {}
    assert parse_build_details("[1]") == {}
    assert parse_build_details('{"abi": {"flags": [1]}, "suffixes": {"extensions": "x"}}') == {}


def _world(build: dict[str, object]) -> dict[str, object]:
    return {"version": "3.15.2", "argv": ["/usr/bin/python3.15t", "-c", "pass"], "build": build,
            "files": {"/usr/lib/python3.15t/os.py": "", "/usr/lib/python3.15t/encodings/__init__.py": ""},
            "executables": ["/usr/bin/python3.15t"]}


def test_world_abiflags() -> None:
    assert world_from_dict(_world({"abi_thread": "t"})).interpreter.build.abiflags == "t"
    b = world_from_dict(_world({"abiflags": "td"})).interpreter.build
    assert (b.abi_thread, b.abiflags, b.debug) == ("t", "td", True)
    b = world_from_dict(_world({"abiflags": "d", "extension_suffixes": [".x.so"]})).interpreter.build
    assert (b.abi_thread, b.debug, b.extension_suffixes) == ("", True, (".x.so",))
    for bad in ({"abiflags": "x"}, {"abi_thread": "t", "abiflags": "d"}, {"extension_suffixes": "x"}):
        with pytest.raises(WorldError):
            world_from_dict(_world(bad))


def test_free_threaded_world_paths() -> None:
    """A free-threaded 3.15 build (upstream's site.py): lib/python3.15t, python315t.zip,
    the user site and site-packages under python3.15t (the frozen getpath and site.py
    oracles check the same, version by version)."""
    from pywhence import compute_world

    w = {"version": "3.15.2", "argv": ["/opt/ft/bin/python3.15t", "-c", "pass"], "cwd": "/",
         "env": {"HOME": "/home/u"}, "build": {"prefix": "/opt/ft", "abi_thread": "t"},
         "files": {"/opt/ft/lib/python3.15t/os.py": "", "/opt/ft/lib/python3.15t/encodings/__init__.py": ""},
         "dirs": ["/opt/ft/lib/python3.15t/lib-dynload", "/opt/ft/lib/python3.15t/site-packages",
                  "/home/u/.local/lib/python3.15t/site-packages"],
         "executables": ["/opt/ft/bin/python3.15t"]}
    assert compute_world(w).sys_path == [
        "", "/opt/ft/lib/python315t.zip", "/opt/ft/lib/python3.15t", "/opt/ft/lib/python3.15t/lib-dynload",
        "/home/u/.local/lib/python3.15t/site-packages", "/opt/ft/lib/python3.15t/site-packages"]


@pytest.mark.parametrize("flags,expected", [
    ("t", (".cpython-315t-x86_64-linux-gnu.so", ".abi3t-x86_64-linux-gnu.so", ".abi3t.so", ".so")),
    ("", (".cpython-315-x86_64-linux-gnu.so", ".abi3-x86_64-linux-gnu.so", ".abi3.so",
          ".abi3t-x86_64-linux-gnu.so", ".abi3t.so", ".so")),
])
def test_315_default_suffixes(flags: str, expected: tuple[str, ...]) -> None:
    """PEP 803 (gh-146636): abi3t in every 3.15 build, no abi3 in a free-threaded one; the
    release build's list is what sid's 3.15.2 binary holds; the free-threaded one is
    derived (no such binary here)."""
    target = Interpreter(version=Version(3, 15, 2), build=Build(
        prefix="/usr", abi_thread="t" if "t" in flags else "", abiflags=flags, multiarch="x86_64-linux-gnu"))
    assert default_extension_suffixes(target) == expected
