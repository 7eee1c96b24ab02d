"""sys.path[0] over in-memory worlds.

Expectations were observed on the real interpreters (pyenv 3.8.18-3.13.0, Debian 3.11)
running the same layouts in a temporary directory (/w stands for it here).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import pytest

from pywhence.disk.fs import MemoryFS
from pywhence.invocation import Invocation
from pywhence.startup.getopt import parse_command_line
from pywhence.startup.initconfig import make_config
from pywhence.startup.path0 import compute_path0
from pywhence.startup.result import Entry, Origin
from pywhence.target.behaviour import behaviour_for
from pywhence.target.interpreter import Interpreter, Version
from pywhence.trace import Trace

EXE = "/opt/py/bin/python3.12"


def zip_bytes(names: Mapping[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in names.items():
            zf.writestr(name, text)
    return buf.getvalue()


FILES: dict[str, str | bytes] = {
    "/w/real/sub/s.py": "",
    "/w/pkgdir/__main__.py": "",
    "/w/m1.py": "",
    "/w/afile": "",
    "/w/app.zip": zip_bytes({"__main__.py": ""}),
    "/w/app.bin": zip_bytes({"__main__.py": ""}),
    "/w/nomain.zip": zip_bytes({"other.py": ""}),
    "/w/notzip.zip": "",
}
LINKS = {
    "/w/links/abs.py": "/w/real/sub/s.py",
    "/w/links/rel.py": "../real/sub/s.py",
    "/w/links/chain.py": "abs.py",
    "/w/dirlink": "/w/real/sub",
    "/w/pkglink": "/w/pkgdir",
}


def run(version: str, *args: str, cwd: str = "/w", env: Mapping[str, str] | None = None,
        files: Mapping[str, str | bytes] | None = None,
        ) -> tuple[Entry | None, str | None]:
    v = Version.parse(version)
    sw = behaviour_for(v)
    argv = (f"python{v.major}.{v.minor}", *args)
    inv = Invocation(argv=argv, env=dict(env or {}), cwd=cwd)
    config = make_config(inv, parse_command_line(argv, safe_path_option=sw.safe_path), sw)
    fs = MemoryFS(files={**FILES, **(files or {})}, dirs=("/w/nomain",), symlinks=LINKS)
    return compute_path0(Interpreter(version=v), config, fs, sw, Trace(), executable=EXE)


def path0(version: str, *args: str, **kw: object) -> str | None:
    entry, fatal = run(version, *args, **kw)  # type: ignore[arg-type]
    assert fatal is None
    return None if entry is None else entry.path


@pytest.mark.parametrize("version", ["3.8.18", "3.9.18", "3.12.1", "3.13.0"])
@pytest.mark.parametrize("script,cwd", [
    ("/w/real/sub/s.py", "/w"),
    ("real/sub/s.py", "/w"),
    ("./real/./sub/../sub/s.py", "/w"),
    ("../real/sub/s.py", "/w/links"),
    ("links/abs.py", "/w"),
    ("links/rel.py", "/w"),
    ("links/chain.py", "/w"),
    ("dirlink/s.py", "/w"),
    ("s.py", "/w/real/sub"),
])
def test_script_directory_is_resolved(version: str, script: str, cwd: str) -> None:
    assert path0(version, script, cwd=cwd) == "/w/real/sub"


def test_script_entry_provenance() -> None:
    entry, _ = run("3.12.1", "links/rel.py")
    assert entry is not None
    assert (entry.origin, entry.detail) == (Origin.PATH0, "script directory")


@pytest.mark.parametrize("version,arg,expected", [
    ("3.8.18", "pkgdir", "pkgdir"),  # as typed before bpo-20443
    ("3.8.18", "./pkgdir/", "./pkgdir/"),
    ("3.9.18", "pkgdir", "/w/pkgdir"),
    ("3.13.0", "./pkgdir/", "/w/./pkgdir/"),  # joined, not normalised
    ("3.12.1", "pkglink", "/w/pkglink"),  # a directory symlink is not resolved
    ("3.8.18", "app.zip", "app.zip"),
    ("3.12.1", "app.zip", "/w/app.zip"),
    ("3.12.1", "app.bin", "/w/app.bin"),  # a zip is known by its content
])
def test_directory_or_zip_is_itself_path0(version: str, arg: str, expected: str) -> None:
    assert path0(version, arg) == expected


@pytest.mark.parametrize("version", ["3.8.18", "3.10.13", "3.11.7", "3.13.0"])
def test_directory_and_zip_ignore_isolation(version: str) -> None:
    assert path0(version, "-I", "pkgdir") is not None
    assert path0(version, "-I", "app.zip") is not None


def test_a_file_that_is_not_a_zip_is_a_script() -> None:
    assert path0("3.12.1", "notzip.zip") == "/w"


@pytest.mark.parametrize("version,args,expected", [
    ("3.8.18", ("-m", "m1"), "/w"),
    ("3.13.0", ("-m", "m1"), "/w"),
    ("3.12.1", ("-E", "-s", "-m", "m1"), "/w"),
    ("3.8.18", ("-c", "pass"), ""),
    ("3.12.1", ("-c", "pass"), ""),
    ("3.12.1", (), ""),  # interactive
    ("3.12.1", ("-",), ""),  # stdin
    ("3.12.1", ("-E", "-s", "real/sub/s.py"), "/w/real/sub"),
])
def test_other_run_modes(version: str, args: tuple[str, ...], expected: str) -> None:
    assert path0(version, *args) == expected


def test_stdin_with_a_file_named_dash_in_the_cwd_gives_the_cwd() -> None:
    # observed on 3.8 and 3.12: `touch ./-; echo ... | python -` -> sys.path[0] == cwd
    assert path0("3.12.1", "-", files={"/w/-": ""}) == "/w"
    assert path0("3.8.18", "-", files={"/w/-": ""}) == "/w"


@pytest.mark.parametrize("version,args,env", [
    ("3.8.18", ("-I", "real/sub/s.py"), {}),
    ("3.10.13", ("-I", "-c", "pass"), {}),
    ("3.11.7", ("-I", "real/sub/s.py"), {}),
    ("3.11.7", ("-P", "real/sub/s.py"), {}),
    ("3.12.1", ("-P", "-m", "m1"), {}),
    ("3.13.0", ("real/sub/s.py",), {"PYTHONSAFEPATH": "1"}),
])
def test_hidden_by_isolation_or_safe_path(version: str, args: tuple[str, ...],
                                          env: dict[str, str]) -> None:
    assert path0(version, *args, env=env) is None


def test_pythonsafepath_is_ignored_under_minus_E() -> None:
    assert path0("3.12.1", "-E", "real/sub/s.py", env={"PYTHONSAFEPATH": "1"}) == "/w/real/sub"


@pytest.mark.parametrize("version,arg,message", [
    ("3.8.18", "nosuch.py",
     "python3.8: can't open file 'nosuch.py': [Errno 2] No such file or directory"),
    ("3.8.18", "./x/../nosuch.py",
     "python3.8: can't open file './x/../nosuch.py': [Errno 2] No such file or directory"),
    ("3.9.18", "./x/../nosuch.py",
     "python3.9: can't open file '/w/./x/../nosuch.py': [Errno 2] No such file or directory"),
    ("3.13.0", "nosuch.py",
     "python3.13: can't open file '/w/nosuch.py': [Errno 2] No such file or directory"),
    ("3.12.1", "afile/x.py",
     "python3.12: can't open file '/w/afile/x.py': [Errno 20] Not a directory"),
])
def test_script_that_cannot_be_opened(version: str, arg: str, message: str) -> None:
    _, fatal = run(version, arg)
    assert fatal == message


@pytest.mark.parametrize("version,arg,shown", [
    ("3.8.18", "nomain", "nomain"),
    ("3.12.1", "nomain", "/w/nomain"),
    ("3.12.1", "nomain.zip", "/w/nomain.zip"),
])
def test_directory_or_zip_without_main(version: str, arg: str, shown: str) -> None:
    entry, fatal = run(version, arg)
    # runpy names sys.executable, not the program name
    assert fatal == f"{EXE}: can't find '__main__' module in '{shown}'"
    assert entry is not None and entry.path == shown


@pytest.mark.parametrize("argv0,expected", [
    ("s.py", "C:\\w"),
    ("C:\\s.py", "C:\\"),  # the separator after a drive is kept
    ("sub/x.py", "C:\\w\\sub"),
    ("", ""),
])
def test_windows_rule_from_pathconfig_c(argv0: str, expected: str) -> None:
    # No Windows oracle: the MS_WINDOWS branch of _PyPathConfig_ComputeSysPath0.
    from pywhence.startup.path0 import compute_sys_path0

    fs = MemoryFS("nt", files={"C:\\w\\s.py": ""})
    assert compute_sys_path0(fs, "C:\\w", argv0, "script") == expected
