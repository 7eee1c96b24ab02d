"""Exit statuses and one-line errors of the ``pywhence`` command.

Every failure must come back as a documented exit status and a single line on stderr
that names the culprit -- never a traceback.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pywhence.cli import EXIT_ERROR, EXIT_FATAL, EXIT_INTERRUPTED, EXIT_USAGE, main

WORLDS = Path(__file__).resolve().parent.parent / "worlds"
PYENV_WORLD = str(WORLDS / "linux-pyenv-3.12.json")

Run = Callable[..., tuple[int, str, str]]


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert "Traceback" not in err
    return lines[0]


def minimal_world(**changes: Any) -> dict[str, Any]:
    world: dict[str, Any] = {
        "platform": "linux",
        "version": "3.12.1",
        "build": {"prefix": "/usr/local"},
        "argv": ["/usr/local/bin/python3.12", "-c", "pass"],
        "executables": ["/usr/local/bin/python3.12"],
        "files": {"/usr/local/lib/python3.12/os.py": ""},
        "dirs": ["/usr/local/lib/python3.12/lib-dynload"],
    }
    world.update(changes)
    return world


# -- usage errors (2) ------------------------------------------------------------------


def test_no_command_is_a_usage_error(cli: Run) -> None:
    code, out, err = cli()
    assert code == EXIT_USAGE
    assert out == ""
    assert "COMMAND" in one_line(err)


def test_unknown_subcommand(cli: Run) -> None:
    code, _, err = cli("frobnicate")
    assert code == EXIT_USAGE
    line = one_line(err)
    assert "frobnicate" in line and line.startswith("pywhence")


def test_unknown_option(cli: Run) -> None:
    code, _, err = cli("path", "--no-such-option")
    assert code == EXIT_USAGE
    assert "--no-such-option" in one_line(err)


@pytest.mark.parametrize("bad", ["NOEQUALS", "=value", ""])
def test_bad_env(cli: Run, bad: str) -> None:
    code, out, err = cli("path", "--env", bad)
    assert code == EXIT_USAGE
    assert out == ""
    line = one_line(err)
    assert line.startswith("pywhence: error:") and "NAME=VALUE" in line


@pytest.mark.parametrize(
    "extra, culprit",
    [
        (["--python", sys.executable], "--python"),
        (["--env", "A=B"], "--env"),
        (["--clear-env"], "--clear-env"),
        (["--cwd", "/"], "--cwd"),
        (["--root", "/"], "--root"),
        (["--", "-c", "pass"], "PYTHON_ARGS"),
    ],
)
def test_world_is_the_whole_input(cli: Run, extra: list[str], culprit: str) -> None:
    code, out, err = cli("path", "--world", PYENV_WORLD, *extra)
    assert code == EXIT_USAGE
    assert out == ""
    line = one_line(err)
    assert "--world" in line and culprit in line


def test_json_and_explain_are_exclusive(cli: Run) -> None:
    code, _, err = cli("path", "--world", PYENV_WORLD, "--json", "--explain")
    assert code == EXIT_USAGE
    one_line(err)


def test_help_exits_zero_and_documents_exit_codes(cli: Run) -> None:
    code, out, _ = cli("--help")
    assert code == 0
    for status in ("0", "1", "2", "3"):
        assert f"  {status}  " in out
    code, out, _ = cli("path", "--help")
    assert code == 0
    assert "--world" in out and "exit status" in out


def test_version(cli: Run) -> None:
    import pywhence

    code, out, _ = cli("--version")
    assert code == 0
    assert pywhence.__version__ in out


# -- the target interpreter cannot be read (1) -------------------------------------------


def _bad_targets(tmp: Path) -> dict[str, Path]:
    missing = tmp / "no-such-python"
    plain = tmp / "not-executable"
    plain.write_text("#!/bin/sh\n")
    plain.chmod(0o644)
    directory = tmp / "a-directory"
    directory.mkdir()
    broken = tmp / "broken-link"
    broken.symlink_to(tmp / "nowhere")
    loop_a, loop_b = tmp / "loop-a", tmp / "loop-b"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    return {"missing": missing, "not executable": plain, "directory": directory,
            "broken symlink": broken, "looping symlink": loop_a}


@pytest.mark.parametrize("kind", ["missing", "not executable", "directory", "broken symlink",
                                  "looping symlink"])
def test_bad_python(cli: Run, tmp_path: Path, kind: str) -> None:
    target = _bad_targets(tmp_path)[kind]
    code, out, err = cli("path", "--python", str(target), "--clear-env")
    assert code == EXIT_ERROR
    assert out == ""
    line = one_line(err)
    assert line.startswith("pywhence: error:")
    assert "internal error" not in line
    assert target.name in line


# -- malformed world files (1) ----------------------------------------------------------


def test_world_file_missing(cli: Run, tmp_path: Path) -> None:
    code, _, err = cli("path", "--world", str(tmp_path / "absent.json"))
    assert code == EXIT_ERROR
    assert "absent.json" in one_line(err)


def test_world_syntax_error(cli: Run, write_world: Callable[..., str]) -> None:
    path = write_world('{"platform": "linux",\n  "version": }')
    code, _, err = cli("path", "--world", path)
    assert code == EXIT_ERROR
    line = one_line(err)
    assert "not valid JSON" in line and "line 2" in line


@pytest.mark.parametrize(
    "changes, culprit",
    [
        ({"argv": "python -c pass"}, "argv"),
        ({"version": 3.12}, "version"),
        ({"env": {"PATH": 1}}, "PATH"),
        ({"dirs": "/usr"}, "dirs"),
        ({"uid": "root"}, "uid"),
        ({"platform": "beos"}, "platform"),
    ],
)
def test_world_wrong_types(cli: Run, write_world: Callable[..., str], changes: dict[str, Any],
                           culprit: str) -> None:
    code, _, err = cli("path", "--world", write_world(minimal_world(**changes)))
    assert code == EXIT_ERROR
    line = one_line(err)
    assert culprit in line and "internal error" not in line


def test_world_unknown_key(cli: Run, write_world: Callable[..., str]) -> None:
    code, _, err = cli("path", "--world", write_world(minimal_world(pythonpath="/x")))
    assert code == EXIT_ERROR
    assert "unknown key 'pythonpath'" in one_line(err)


def test_world_unknown_build_key(cli: Run, write_world: Callable[..., str]) -> None:
    code, _, err = cli("path", "--world", write_world(minimal_world(build={"perfix": "/usr"})))
    assert code == EXIT_ERROR
    assert "perfix" in one_line(err)


def test_windows_path_in_a_linux_world(cli: Run, write_world: Callable[..., str]) -> None:
    world = minimal_world(dirs=["C:\\Python312\\Lib"])
    code, _, err = cli("path", "--world", write_world(world))
    assert code == EXIT_ERROR
    line = one_line(err)
    assert "Windows path" in line and "Python312" in line


# -- the interpreter would fail to start (3) ----------------------------------------------


def test_fatal_world_prints_result_then_fatal(cli: Run) -> None:
    code, out, err = cli("path", "--world", str(WORLDS / "linux-missing-stdlib-3.12.json"))
    assert code == EXIT_FATAL
    assert err == ""
    assert "/tmp/pywhence-worlds/missing-stdlib-3.12" in out  # the result is printed
    table_end = out.index("sys.path:")
    fatal_at = out.index("\nfatal: the interpreter would fail to start:")
    assert fatal_at > table_end
    assert "encodings" in out[fatal_at:]


def test_fatal_world_json(cli: Run) -> None:
    code, out, err = cli("path", "--json", "--world", str(WORLDS / "linux-missing-stdlib-3.12.json"))
    assert code == EXIT_FATAL
    assert json.loads(out)["fatal"]
    assert "fail to start" in one_line(err)


# -- broken pipes, interrupts, our own bugs -------------------------------------------------


class _Raising(io.StringIO):
    def __init__(self, exc: BaseException) -> None:
        super().__init__()
        self.exc = exc

    def write(self, s: str) -> int:
        raise self.exc


def test_broken_pipe_is_quiet(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdout", _Raising(BrokenPipeError(32, "Broken pipe")))
    code = main(["path", "--world", PYENV_WORLD])
    assert code == EXIT_ERROR
    assert capsys.readouterr().err == ""


def test_interrupt_is_quiet(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdout", _Raising(KeyboardInterrupt()))
    assert main(["path", "--world", PYENV_WORLD]) == EXIT_INTERRUPTED
    assert capsys.readouterr().err == ""


def test_unexpected_error_is_one_line_with_a_hint(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PYWHENCE_DEBUG", raising=False)
    monkeypatch.setattr(sys, "stdout", _Raising(RuntimeError("disk on fire\nsecond line")))
    assert main(["path", "--world", PYENV_WORLD]) == EXIT_ERROR
    line = one_line(capsys.readouterr().err)
    assert "RuntimeError: disk on fire" in line and "report" in line


# -- the real process (few: spawning is slow) ----------------------------------------------


def _spawn(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return subprocess.run([sys.executable, "-m", "pywhence", *args], capture_output=True,
                          text=True, env=env, timeout=60, check=False)


def test_process_exit_status_and_stderr() -> None:
    proc = _spawn("path", "--env", "oops")
    assert proc.returncode == EXIT_USAGE
    assert proc.stdout == ""
    one_line(proc.stderr)
    proc = _spawn("path", "--json", "--world", str(WORLDS / "linux-missing-stdlib-3.12.json"))
    assert proc.returncode == EXIT_FATAL
    assert json.loads(proc.stdout)["fatal"]


def test_help_does_not_import_the_model() -> None:
    """``pywhence --help`` must stay cheap: no model module is imported for it."""
    code = (
        "import sys; from pywhence.cli import main; rc = main(['--help']);"
        "heavy = sorted(m for m in sys.modules if m.startswith('pywhence.') and (m.split('.')[1] in"
        " ('startup', 'target', 'disk', 'imports', 'audit') or m == 'pywhence.cli.render'));"
        "print(heavy, file=sys.stderr); sys.exit(rc)"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    assert proc.returncode == 0
    assert proc.stderr.strip() == "[]"


def test_root_that_is_not_a_directory(cli: Run, tmp_path: Path) -> None:
    code, out, err = cli("path", "--root", str(tmp_path / "no-image"), "--clear-env")
    assert code == EXIT_ERROR
    assert out == ""
    assert "no-image" in one_line(err)


def test_command_line_the_interpreter_refuses(cli: Run) -> None:
    """``python -Z`` exits with status 2 before startup: pywhence says it would not start."""
    code, out, err = cli("path", "--clear-env", "--", "-Z")
    assert code == EXIT_FATAL
    assert "-Z" in out.split("fatal:")[1]
    assert err == ""


@pytest.mark.skipif(not Path("/root/.pyenv/versions/3.12.1/bin/python3.12").exists(),
                    reason="needs pyenv's CPython 3.12.1")
def test_python_by_name_is_looked_up_on_the_target_path(cli: Run) -> None:
    code, out, err = cli("path", "--json", "--python", "python3.12", "--clear-env",
                         "--env", "PATH=/nowhere:/root/.pyenv/versions/3.12.1/bin", "--", "-c", "pass")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["executable"] == "/root/.pyenv/versions/3.12.1/bin/python3.12"
    assert doc["prefix"] == "/root/.pyenv/versions/3.12.1"
