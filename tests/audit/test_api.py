"""The API: ``pywhence.audit`` stays the function even once the subpackage of the same
name is loaded, the remembered audit notices a change on disk, and a world audits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pywhence

from .helpers import PYENV_312, REPO


def test_audit_stays_the_function() -> None:
    code = ("import pywhence.audit.rules, pywhence.audit.scan, pywhence;"
            "from pywhence.audit import audit_startup;"
            "assert callable(pywhence.audit) and pywhence.audit.__name__ == 'audit';"
            "assert 'pywhence.audit' in __import__('sys').modules;"
            "print('ok')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
                          check=False)
    assert proc.stdout.strip() == "ok", proc.stderr
    assert callable(pywhence.audit) and callable(pywhence.scan)
    assert {"audit", "audit_world", "scan"} <= set(pywhence.__all__)


def test_remembered_report_follows_the_disk(tmp_path: Path) -> None:
    py = PYENV_312 / "bin" / "python3.12"
    if not py.exists():
        return
    os.chmod(tmp_path, 0o755)
    entry = tmp_path / "lib"
    entry.mkdir()
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(entry)}
    first = pywhence.audit(py, ["-I", "-c", "pass"], env=env, cwd=tmp_path)
    assert pywhence.audit(py, ["-I", "-c", "pass"], env=env, cwd=tmp_path) is first
    # -I ignores PYTHONPATH: use the environment-honouring form for the entry
    report = pywhence.audit(py, ["-c", "pass"], env=env, cwd=tmp_path)
    assert not [f for f in report.findings if f.path == str(entry)]
    os.chmod(entry, 0o777)  # an owner answer changes: the report is computed again
    again = pywhence.audit(py, ["-c", "pass"], env=env, cwd=tmp_path)
    assert again is not report
    assert ("PW200", "error") in {(f.rule, f.level) for f in again.findings if f.path == str(entry)}
    (tmp_path / "json.py").write_text("")  # a listing changes
    third = pywhence.audit(py, ["-c", "pass"], env=env, cwd=tmp_path)
    assert "PW400" in {f.rule for f in third.findings}
