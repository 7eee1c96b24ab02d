"""A ``site.py`` on PYTHONPATH, where site is not frozen, is startup code of its own: the
audit lists it first (kind ``site``) with PW106, and the real interpreter does run it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import pywhence

PY310 = Path("/root/.pyenv/versions/3.10.13/bin/python3.10")
PY312 = Path("/root/.pyenv/versions/3.12.1/bin/python3.12")


@pytest.fixture()
def planted(tmp_path: Path) -> Path:
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "site.py").write_text(
        f"open({str(tmp_path / 'ran')!r}, 'w').close()\n")  # a marker when it really runs
    return tmp_path


@pytest.mark.parametrize(("python", "args", "runs"), [
    (PY310, [], True),
    (PY312, [], False),  # the frozen site answers first
    (PY312, ["-X", "frozen_modules=off"], True),
])
def test_a_site_lookalike_is_listed_exactly_when_it_runs(planted: Path, python: Path,
                                                         args: list[str], runs: bool) -> None:
    if not python.exists():
        pytest.skip(f"{python} is not installed")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(planted / "e")}
    subprocess.run([str(python), *args, "-c", "pass"], env=env, cwd=planted, check=True)
    assert (planted / "ran").exists() == runs
    report = pywhence.audit(python, [*args, "-c", "pass"], env=env, cwd=planted)
    kinds = [(c.kind, c.file) for c in report.startup_code]
    pw106 = [f for f in report.findings if f.rule == "PW106"]
    if runs:
        assert kinds[0] == ("site", str(planted / "e" / "site.py"))
        assert [f.path for f in pw106] == [str(planted / "e" / "site.py")]
        assert pw106[0].level == "error"
        assert not any(k == "pth-import" for k, _ in kinds)  # the real site never runs
    else:
        assert not pw106 and all(k != "site" for k, _ in kinds)
