"""run_main (``pywhence run``) against ``python PATH ARGS...`` itself.

Each case runs the same path and arguments both ways in a subprocess of the
running interpreter and compares stdout, stderr and the exit status.
"""

from __future__ import annotations

import os
import py_compile
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import SRC, make_zip, pyc_path, write

# Imports pywhence without writing its bytecode into src/, then runs.
LAUNCHER = (
    "import sys; w = sys.dont_write_bytecode; sys.dont_write_bytecode = True; "
    "from pywhence.run import run_main; sys.dont_write_bytecode = w; "
    "sys.exit(run_main(sys.argv[1:]))"
)

SHOW = '''\
"""shown"""
import atexit, os, sys
MARK = "main module kept"
print("argv", sys.argv)
print("path", sys.path)
print("file", __file__, "name", __name__, "package", repr(__package__))
print("spec", __spec__ is None, getattr(__spec__, "name", None), getattr(__spec__, "origin", None))
print("cached", __cached__)
print("loader", type(__loader__).__name__, getattr(__loader__, "path", None))
print("doc", __doc__)
print("keys", sorted(globals()))
atexit.register(lambda: print("atexit", sys.modules["__main__"].MARK, sys.argv[0]))
mode = sys.argv[1] if len(sys.argv) > 1 else ""
def fail():
    raise ValueError("boom")
if mode == "raise":
    fail()
if mode == "chain":
    try:
        fail()
    except ValueError:
        raise RuntimeError("while handling")
if mode == "exit3":
    sys.exit(3)
if mode == "exitmsg":
    sys.exit("goodbye")
if mode == "exitnone":
    sys.exit()
if mode == "hook":
    sys.excepthook = lambda t, v, tb: print("custom hook", t.__name__, v, tb.tb_frame.f_code.co_name)
    fail()
'''


def env(**changes: str | None) -> dict[str, str]:
    result = dict(os.environ)
    result["PYTHONPATH"] = os.pathsep.join(
        [str(SRC)] + ([result["PYTHONPATH"]] if result.get("PYTHONPATH") else [])
    )
    result.pop("PYTHONSAFEPATH", None)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def run(
    args: list[str], cwd: Path, *, pywhence: bool, environ: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", LAUNCHER, *args] if pywhence else [sys.executable, *args]
    return subprocess.run(
        command,
        check=False,
        cwd=cwd,
        env=environ or env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def place(tmp_path: Path) -> Path:
    write(tmp_path / "show.py", SHOW)
    write(tmp_path / "app" / "__main__.py", SHOW)
    make_zip(tmp_path / "app.zip", {"__main__.py": SHOW})
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "link.py").symlink_to(tmp_path / "show.py")
    pyc = tmp_path / "compiled.pyc"
    py_compile.compile(str(tmp_path / "show.py"), cfile=str(pyc), doraise=True)
    write(tmp_path / "broken.py", "x = 1\ndef (:\n    pass\n")
    return tmp_path


SAME_AS_PYTHON = [
    ["show.py"],
    ["show.py", "a", "--cache", "-x"],
    ["./show.py", "raise"],
    ["show.py", "chain"],
    ["show.py", "exit3"],
    ["show.py", "exitmsg"],
    ["show.py", "exitnone"],
    ["show.py", "hook"],
    ["elsewhere/link.py"],
    ["ABS/show.py", "raise"],
    ["compiled.pyc", "x"],
    ["app", "arg"],
    ["./app/", "exit3"],
    ["app.zip", "exitmsg"],
]


@pytest.mark.parametrize("args", SAME_AS_PYTHON, ids=" ".join)
def test_same_as_python(place: Path, args: list[str]) -> None:
    args = [a.replace("ABS", str(place)) for a in args]
    expected = run(args, place, pywhence=False)
    actual = run(args, place, pywhence=True)
    assert actual.stdout == expected.stdout
    assert actual.returncode == expected.returncode
    if args[0].startswith(("app", "./app")) and "Traceback" in expected.stderr:
        pytest.fail("directory cases must not raise: python shows runpy frames there")
    assert actual.stderr == expected.stderr


def test_traceback_from_directory_starts_at_the_script(place: Path) -> None:
    actual = run(["app", "raise"], place, pywhence=True)
    assert actual.returncode == 1
    lines = actual.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[1].startswith(f'  File "{place / "app" / "__main__.py"}", line ')
    assert lines[-1] == "ValueError: boom"
    assert "run.py" not in actual.stderr


@pytest.mark.skipif(sys.version_info < (3, 10), reason="3.9's file parser words it differently")
def test_syntax_error_shown_as_python_shows_it(place: Path) -> None:
    expected = run(["broken.py"], place, pywhence=False)
    actual = run(["broken.py"], place, pywhence=True)
    assert actual.returncode == expected.returncode == 1
    assert actual.stderr == expected.stderr
    assert "Traceback" not in actual.stderr


def test_keyboard_interrupt(place: Path) -> None:
    write(place / "kbd.py", "raise KeyboardInterrupt\n")
    actual = run(["kbd.py"], place, pywhence=True)
    assert actual.returncode == 130
    assert actual.stderr.startswith("Traceback (most recent call last):\n")
    assert actual.stderr.endswith("\nKeyboardInterrupt\n")


def _bad_inputs(place: Path) -> dict[str, str]:
    (place / "empty").mkdir()
    make_zip(place / "nomain.zip", {"other.py": "x = 1\n"})
    whole = (place / "app.zip").read_bytes()
    (place / "corrupt.zip").write_bytes(whole[:50])
    data = bytearray((place / "compiled.pyc").read_bytes())
    data[0:2] = (3413).to_bytes(2, "little")
    (place / "old.pyc").write_bytes(bytes(data))
    (place / "garbage.bin").write_bytes(bytes(range(256)) * 2)
    return {
        "missing.py": "No such file or directory",
        "empty": "can't find '__main__' module",
        "nomain.zip": "can't find '__main__' module",
        "corrupt.zip": "zip archive",
        "old.pyc": "Python 3.8",
        "garbage.bin": "null bytes",
    }


def test_bad_input_is_one_line(place: Path) -> None:
    for name, words in _bad_inputs(place).items():
        result = run([name, "arg"], place, pywhence=True)
        assert result.returncode == 1, name
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("pywhence run: error: "), lines[0]
        assert str(place / name) in lines[0]
        assert words in lines[0]


@pytest.mark.parametrize(
    ("args", "status", "stream", "text"),
    [
        ([], 2, "stderr", "pywhence run: error: missing PATH"),
        (["--bogus", "show.py"], 2, "stderr", "pywhence run: error: unrecognized option '--bogus'"),
        (["--help"], 0, "stdout", "usage: pywhence run [--cache] PATH [ARGS...]"),
        (["--", "show.py"], 0, "stdout", "argv ['show.py']"),
    ],
)
def test_usage(place: Path, args: list[str], status: int, stream: str, text: str) -> None:
    result = run(args, place, pywhence=True)
    assert result.returncode == status
    assert text in getattr(result, stream)
    assert "Traceback" not in result.stderr


def test_cache_flag_writes_bytecode_when_allowed(place: Path) -> None:
    environ = env(PYTHONDONTWRITEBYTECODE=None)
    result = run(["--cache", "show.py", "exit3"], place, pywhence=True, environ=environ)
    assert result.returncode == 3
    assert pyc_path(place / "show.py").is_file()


def test_cache_flag_respects_dont_write_bytecode(place: Path) -> None:
    environ = env(PYTHONDONTWRITEBYTECODE="1")
    result = run(["--cache", "show.py"], place, pywhence=True, environ=environ)
    assert result.returncode == 0
    assert not (place / "__pycache__").exists()


@pytest.mark.skipif(sys.version_info < (3, 11), reason="-P is new in 3.11")
def test_safe_path_adds_no_script_directory(place: Path) -> None:
    expected = run(["-P", "show.py"], place, pywhence=False)
    command = [sys.executable, "-P", "-c", LAUNCHER, "show.py"]
    actual = subprocess.run(
        command, check=False, cwd=place, env=env(), capture_output=True, text=True, timeout=120
    )
    assert actual.stdout == expected.stdout
    assert actual.returncode == expected.returncode == 0
