"""A snapshot taken with ``audit=True`` records what the audit reads (owners and modes
too): the audit of the replayed world is the audit of the live machine."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import pywhence
from pywhence.audit.result import Report

from .helpers import PYENV_312


def test_audit_of_a_snapshot_is_the_live_audit(tmp_path: Path) -> None:
    py = PYENV_312 / "bin" / "python3.12"
    if not py.exists():
        pytest.skip("pyenv 3.12.1 is not installed")
    os.chmod(tmp_path, 0o755)
    (tmp_path / "gw").mkdir()
    os.chmod(tmp_path / "gw", 0o775)
    (tmp_path / "theirs").mkdir()
    os.chown(tmp_path / "theirs", 65534, 65534)
    (tmp_path / "json.py").write_text("")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{tmp_path}/gw:{tmp_path}/theirs",
           "HOME": "/root"}
    args = ["-c", "import json"]
    live = pywhence.audit(py, args, env=env, cwd=tmp_path)
    doc = json.loads(json.dumps(pywhence.snapshot(py, args, env=env, cwd=tmp_path, audit=True)))
    assert doc["modes"][str(tmp_path / "gw")] == "0775"
    assert doc["owners"][str(tmp_path / "theirs")] == [65534, 65534]
    replayed = pywhence.audit_world(doc)

    def key(report: Report) -> object:
        return ([(f.rule, f.level, f.path, f.sys_path_index) for f in report.findings],
                [(c.kind, c.file, c.line, c.text, c.recognised) for c in report.startup_code],
                [e.to_dict() for e in report.entries])

    assert key(replayed) == key(live)
    assert {"PW200", "PW203", "PW400"} <= {f.rule for f in live.findings}
