"""``pywhence audit``: the --json contract, the human report grouped by level, --fail-on
and the exit statuses (0 / 4), usage errors (2)."""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from pywhence.cli import main

from .helpers import PYENV_312

PY = str(PYENV_312 / "bin" / "python3.12")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    if not PYENV_312.exists():
        pytest.skip("pyenv 3.12.1 is not installed")
    os.chmod(tmp_path, 0o755)
    (tmp_path / "json.py").write_text("")
    (tmp_path / "gw").mkdir()
    os.chmod(tmp_path / "gw", 0o775)
    return tmp_path


def test_json_contract(work: Path) -> None:
    code, out, _ = _run("audit", "--python", PY, "--clear-env", "--env", f"PYTHONPATH={work}/gw",
                        "--cwd", str(work), "--json", "--", "-c", "import json")
    assert code == 4
    doc = json.loads(out)
    assert {"startup_code", "findings", "sys_path"} <= set(doc)
    assert doc["sys_path"][0] == ""
    for f in doc["findings"]:
        assert {"rule", "level", "message", "path", "sys_path_index", "fix"} <= set(f)
        assert f["level"] in ("info", "warning", "error")
    for c in doc["startup_code"]:
        assert {"kind", "file", "line", "text", "distribution", "recognised"} <= set(c)
        assert c["kind"] in ("pth-import", "start-entrypoint", "sitecustomize",
                             "usercustomize", "pythonstartup")
    rules = {(f["rule"], f["level"]) for f in doc["findings"]}
    assert {("PW400", "error"), ("PW301", "warning"), ("PW200", "warning")} <= rules


@pytest.mark.parametrize(("fail_on", "status"), [("error", 0), ("warning", 4), ("info", 4),
                                                  ("none", 0)])
def test_fail_on(work: Path, fail_on: str, status: int) -> None:
    # a group-writable PYTHONPATH entry and the working directory: warnings, no error
    clean = work / "clean"
    clean.mkdir()
    code, _, _ = _run("audit", "--python", PY, "--clear-env", "--env", f"PYTHONPATH={work}/gw",
                      "--cwd", str(clean), "--fail-on", fail_on, "--", "-c", "pass")
    assert code == status
    code, _, _ = _run("audit", "--python", PY, "--clear-env", "--env", f"PYTHONPATH={work}/gw",
                      "--cwd", str(clean), "--fail-on", fail_on, "--json", "--", "-c", "pass")
    assert code == status


def test_human_report_groups_by_level(work: Path) -> None:
    code, out, _ = _run("audit", "--python", PY, "--clear-env", "--cwd", str(work),
                        "--env", f"PYTHONPATH={work}/gw", "--", "-c", "import json")
    assert code == 4
    errors, warnings = out.index("errors ("), out.index("warnings (")
    assert errors < warnings
    assert "PW400 stdlib-shadowed [sys.path[0]]" in out[errors:warnings]
    assert "fix: " in out and "runs before the program, in this order:" in out
    assert "sys.path (mode uid:gid; the interpreter runs as uid 0):" in out
    assert out.rstrip().endswith("fails --fail-on error")


def test_world_and_usage_errors(tmp_path: Path) -> None:
    world = tmp_path / "w.json"
    world.write_text(json.dumps({
        "version": "3.12", "argv": ["/usr/bin/python3.12", "-c", "pass"],
        "executables": ["/usr/bin/python3.12"], "cwd": "/srv",
        "files": {"/usr/lib/python3.12/os.py": "", "/usr/lib/python3.12/encodings/__init__.py": ""},
        "dirs": ["/srv"], "modes": {"/srv": "0777"}, "uid": 1000, "euid": 1000}))
    code, out, _ = _run("audit", "--world", str(world), "--json")
    assert code == 4
    doc = json.loads(out)
    assert doc["runner"] == {"uid": 1000, "assumed": False}
    assert ("PW200", "error") in {(f["rule"], f["level"]) for f in doc["findings"]}
    code, _, err = _run("audit", "--world", str(world), "--python", "x")
    assert code == 2 and "--world" in err
    code, _, err = _run("audit", "--fail-on", "fatal")
    assert code == 2 and "--fail-on" in err
    code, _, err = _run("audit", "--json", "--sarif")
    assert code == 2
    code, _, err = _run("scan")
    assert code == 2
