"""``pywhence scan ROOT`` on an image of real Debian packages (tests/audit/image.py):
every interpreter and venv found, each audited inside the image, one report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pywhence

from .helpers import REPO
from .image import build_image, debian_pythons


def test_scan_finds_and_audits_every_interpreter(audit_root: Path) -> None:
    root = audit_root / "image"
    paths = build_image(root)
    report = pywhence.scan(root)
    by_exe = {i.executable: i for i in report.interpreters}
    debian = debian_pythons(root)
    assert {"/usr/bin/python3.14", "/usr/bin/python3.15"} <= debian
    assert set(by_exe) == debian | {"/opt/app0/.venv/bin/python", "/opt/app1/.venv/bin/python",
                                    "/opt/app2/.venv/bin/python"}
    for exe in sorted(debian):
        i = by_exe[exe]
        assert i.kind == "debian" and i.audit is not None and i.error is None
        # a clean Debian image: sitecustomize (Debian's apport hook) is all that runs
        assert [c.recognised for c in i.audit.startup_code] == ["debian-apport-hook"]
        assert not [f for f in i.audit.findings if f.level != "info"]
        assert i.audit.uid_assumed and i.audit.runner_uid == 0
    assert by_exe["/usr/bin/python3.14"].version.startswith("3.14.")
    venv = by_exe["/opt/app0/.venv/bin/python"]
    assert venv.kind == "venv" and venv.audit is not None
    assert venv.audit.startup.prefix == "/opt/app0/.venv"  # paths as seen in the image
    evil = [c for c in venv.audit.startup_code if c.file == paths["evil"]]
    assert evil and all(c.distribution == "telemetry 0.1" and c.recognised is None for c in evil)
    bad = [f for f in venv.audit.findings if f.rule == "PW102"]
    assert bad and bad[0].path == paths["evil"] and "exec" in bad[0].message
    assert report.fails("error")
    # the venv that sees the system site-packages inherits nothing bad
    assert not [f for f in by_exe["/opt/app1/.venv/bin/python"].audit.findings  # type: ignore[union-attr]
                if f.level == "error"]


def test_scan_json_and_exit_status(audit_root: Path) -> None:
    root = audit_root / "image"
    build_image(root)
    proc = subprocess.run([sys.executable, "-m", "pywhence", "scan", str(root), "--json"],
                          capture_output=True, text=True, timeout=300, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO / "src")})
    assert proc.returncode == 4, proc.stderr
    doc = json.loads(proc.stdout)
    assert set(doc) >= {"root", "interpreters"}
    assert doc["root"] == str(root)
    for item in doc["interpreters"]:
        assert set(item) >= {"executable", "kind", "version", "audit"}
        assert item["executable"].startswith("/") and not item["executable"].startswith(str(root))
        audit = item["audit"]
        assert set(audit) >= {"startup_code", "findings", "sys_path"}
        assert all(not p.startswith(str(root)) for p in audit["sys_path"])
    human = subprocess.run([sys.executable, "-m", "pywhence", "scan", str(root)],
                           capture_output=True, text=True, timeout=300, check=False,
                           env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO / "src")})
    assert human.returncode == 4
    assert "/opt/app0/.venv/bin/python  (venv, Python 3.14" in human.stdout
    assert "PW102" in human.stdout and "errors (" in human.stdout


def test_scan_of_an_empty_tree(tmp_path: Path) -> None:
    report = pywhence.scan(tmp_path)
    assert report.interpreters == () and not report.fails("info")
