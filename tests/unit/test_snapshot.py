"""Snapshots replay to the live answer, and hold nothing the model did not read."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pywhence

KEYS = ("executable", "base_executable", "prefix", "exec_prefix", "base_prefix",
        "base_exec_prefix", "sys_path", "module_search_paths", "path_config", "fatal",
        "warnings", "entries")


def _interpreters() -> list[str]:
    found = sorted(glob.glob("/root/.pyenv/versions/3.*/bin/python3.[0-9]*"))
    found = [f for f in found if f.rsplit("python3.", 1)[1].isdigit()
             and int(f.rsplit("python3.", 1)[1]) >= 8]
    if os.access("/usr/bin/python3.11", os.X_OK):
        found.append("/usr/bin/python3.11")
    return found


INTERPRETERS = _interpreters()


def _replay(doc: dict[str, object]) -> dict[str, object]:
    """Through JSON text, as a snapshot file travels."""
    return pywhence.compute_world(json.loads(json.dumps(doc))).to_dict()


@pytest.mark.skipif(not INTERPRETERS, reason="no local CPython 3.8+")
@pytest.mark.parametrize("exe", INTERPRETERS)
@pytest.mark.parametrize("args", [["-c", "pass"], ["-I", "-m", "http.server"], ["-s", "-"]])
def test_snapshot_replays_to_the_live_answer(exe: str, args: list[str], tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SECRET_TOKEN": "do-not-leak"}
    live = pywhence.compute(exe, args, env=env, cwd=str(tmp_path)).to_dict()
    doc = pywhence.snapshot(exe, args, env=env, cwd=str(tmp_path))
    replayed = _replay(doc)
    for key in KEYS:
        assert replayed[key] == live[key], key
    assert "SECRET_TOKEN" not in doc["env"]  # type: ignore[operator]


def test_snapshot_of_a_venv_with_a_pth(tmp_path: Path) -> None:
    base = next((e for e in INTERPRETERS if "3.12" in e), None)
    if base is None:
        pytest.skip("no CPython 3.12 here")
    venv = tmp_path / "venv"
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3.*/site-packages"))
    extra = tmp_path / "extra"
    extra.mkdir()
    (site / "zz.pth").write_text(f"# a comment\n{extra}\nimport os\n")
    env = {"PATH": "/usr/bin", "HOME": str(tmp_path)}
    exe = str(venv / "bin" / "python")
    live = pywhence.compute(exe, ["-c", "pass"], env=env, cwd=str(tmp_path)).to_dict()
    assert str(extra) in live["sys_path"]
    doc = pywhence.snapshot(exe, ["-c", "pass"], env=env, cwd=str(tmp_path))
    files = doc["files"]
    assert isinstance(files, dict)
    # what was read is carried with its text; what was only looked at, without
    assert files[str(venv / "pyvenv.cfg")] == (venv / "pyvenv.cfg").read_text()
    assert files[str(site / "zz.pth")].startswith("# a comment")
    os_py = next(p for p in files if p.endswith("/os.py"))
    assert files[os_py] == ""
    replayed = _replay(doc)
    for key in KEYS:
        assert replayed[key] == live[key], key
    assert [d["detail"] for d in replayed["dynamic"]] == [d["detail"] for d in live["dynamic"]]  # type: ignore[index,union-attr]


def test_cli_snapshot_writes_a_world_file(tmp_path: Path) -> None:
    out = tmp_path / "snap.json"
    env = {**os.environ, "PYTHONPATH": str(Path(pywhence.__file__).parents[1])}
    proc = subprocess.run(
        [sys.executable, "-m", "pywhence", "snapshot", "--clear-env", "--env", "PATH=/usr/bin",
         "-o", str(out), "--", "-c", "pass"],
        check=False, capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "wrote" in proc.stderr
    world = pywhence.load_world(out)
    assert world.invocation.argv[1:] == ("-c", "pass")
    proc = subprocess.run(
        [sys.executable, "-m", "pywhence", "snapshot", "-o", str(tmp_path / "no" / "such" / "x.json")],
        check=False, capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "cannot write snapshot" in proc.stderr
