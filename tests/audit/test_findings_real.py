"""Each finding kind, detected in a real layout built for it (we run as root: files are
chowned to nobody, chmodded g+w/o+w), with the real interpreter confirming what matters
(the shadowing module is what it imports; the malicious line really runs)."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
from pathlib import Path

import pytest

import pywhence
from pywhence.audit.result import Report

from .helpers import PYENV_312, make_venv, run_python

PY = PYENV_312 / "bin" / "python3.12"
ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent-home"}


def _rules(report: Report) -> set[tuple[str, str, str | None]]:
    return {(f.rule, f.level, f.path) for f in report.findings}


def _need_pyenv() -> None:
    if not PY.exists():
        pytest.skip("pyenv 3.12.1 is not installed")


@pytest.fixture()
def base(tmp_path: Path) -> Path:
    _need_pyenv()
    root = Path(os.path.realpath(tmp_path))
    os.chmod(root, 0o755)
    return root


def test_group_and_world_writable_entries(base: Path) -> None:
    for name, mode in (("gw", 0o775), ("ww", 0o777), ("ok", 0o755)):
        (base / name).mkdir()
        os.chmod(base / name, mode)
    env = {**ENV, "PYTHONPATH": f"{base}/gw:{base}/ww:{base}/ok"}
    report = pywhence.audit(PY, ["-c", "pass"], env=env, cwd=base)
    rules = _rules(report)
    assert ("PW200", "warning", str(base / "gw")) in rules
    assert ("PW200", "error", str(base / "ww")) in rules
    assert not [f for f in report.findings if f.path == str(base / "ok")]
    ww = next(f for f in report.findings if f.path == str(base / "ww"))
    assert ww.sys_path_index == report.startup.sys_path.index(str(base / "ww"))
    assert "chmod go-w" in ww.fix


def test_foreign_owner_and_writable_startup_file(base: Path) -> None:
    venv = make_venv(PY, base / "v", "--without-pip")
    site = next(venv.glob("lib/python3*/site-packages"))
    pth = site / "tool.pth"
    pth.write_text("import os\n")
    os.chmod(pth, 0o666)
    theirs = base / "theirs"
    theirs.mkdir()
    os.chown(theirs, 65534, 65534)
    env = {**ENV, "PYTHONPATH": str(theirs)}
    report = pywhence.audit(venv / "bin" / "python", ["-c", "pass"], env=env, cwd=base)
    rules = _rules(report)
    assert ("PW201", "error", str(pth)) in rules
    # run by root: a directory owned by nobody on sys.path is an error
    assert ("PW203", "error", str(theirs)) in rules
    entry = next(e for e in report.entries if e.path == str(theirs))
    assert entry.owner is not None and entry.owner[1:] == (65534, 65534)
    code = next(c for c in report.startup_code if c.file == str(pth))
    assert code.owner is not None and code.owner[0] == 0o666


def test_writable_parent_without_and_with_sticky_bit(base: Path) -> None:
    open_dir = base / "open"
    (open_dir / "lib").mkdir(parents=True)
    os.chmod(open_dir, 0o777)
    sticky = base / "sticky"
    (sticky / "lib").mkdir(parents=True)
    os.chmod(sticky, 0o1777)
    env = {**ENV, "PYTHONPATH": f"{open_dir}/lib:{sticky}/lib"}
    report = pywhence.audit(PY, ["-c", "pass"], env=env, cwd=base)
    rules = _rules(report)
    assert ("PW202", "error", str(open_dir)) in rules
    assert not [f for f in report.findings if f.path == str(sticky)]


def test_creatable_missing_entries(base: Path, pyenv_copy: Path) -> None:
    # a PYTHONPATH directory that does not exist, under a world-writable directory
    (base / "drop").mkdir()
    os.chmod(base / "drop", 0o777)
    env = {**ENV, "PYTHONPATH": f"{base}/drop/later"}
    report = pywhence.audit(PY, ["-c", "pass"], env=env, cwd=base)
    assert ("PW204", "error", f"{base}/drop/later") in _rules(report)
    # a missing python312.zip in a writable lib/: a clean pyenv copy, lib/ made g+w
    lib = pyenv_copy / "lib"
    os.chmod(lib, 0o775)
    try:
        report = pywhence.audit(pyenv_copy / "bin" / "python3.12", ["-I", "-c", "pass"],
                                env=ENV, cwd=base)
    finally:
        os.chmod(lib, 0o755)
    zip_entry = str(lib / "python312.zip")
    assert zip_entry in report.startup.sys_path
    assert ("PW204", "warning", zip_entry) in _rules(report)


def test_working_directory_shadow(base: Path) -> None:
    work = base / "downloads"
    work.mkdir()
    (work / "json.py").write_text("SHADOW = True\n")
    proc = run_python(PY, ["-c", "import json; print(json.__file__)"], ENV, work)
    assert proc.stdout.strip() == str(work / "json.py")  # the real interpreter agrees
    report = pywhence.audit(PY, ["-c", "import json"], env=ENV, cwd=work)
    rules = _rules(report)
    assert ("PW400", "error", str(work / "json.py")) in rules
    assert ("PW301", "warning", str(work)) in rules
    shadow = next(f for f in report.findings if f.rule == "PW400")
    assert shadow.sys_path_index == 0 and "-P" in shadow.fix
    # -P removes both: nothing is found first in the working directory
    report = pywhence.audit(PY, ["-P", "-c", "import json"], env=ENV, cwd=work)
    assert not {f.rule for f in report.findings} & {"PW400", "PW301"}


def test_relative_entry(base: Path) -> None:
    py310 = Path("/root/.pyenv/versions/3.10.13/bin/python3.10")
    if not py310.exists():
        pytest.skip("pyenv 3.10.13 is not installed")
    (base / "rel").mkdir()
    env = {**ENV, "PYTHONPATH": "rel"}
    # 3.8-3.10 keep a relative PYTHONPATH entry; site would make it absolute, -S skips site
    proc = run_python(py310, ["-S", "-c", "import sys; print(sys.path[1])"], env, base)
    assert proc.stdout.strip() == "rel"
    report = pywhence.audit(py310, ["-S", "-c", "pass"], env=env, cwd=base)
    assert "rel" in report.startup.sys_path
    assert ("PW300", "warning", str(base / "rel")) in _rules(report)


def _record_row(path: Path, rel: str) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest()).rstrip(b"=")
    return f"{rel},sha256={digest.decode()},{path.stat().st_size}\n"


def _fake_dist(site: Path, name: str, version: str, files: list[str]) -> Path:
    meta = site / f"{name}-{version}.dist-info"
    meta.mkdir()
    (meta / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n")
    rows = "".join(_record_row(site / f, f) for f in files)
    (meta / "RECORD").write_text(rows + f"{meta.name}/RECORD,,\n")
    return meta


def test_malicious_pth_named_with_its_distribution(base: Path) -> None:
    venv = make_venv(PY, base / "v", "--without-pip")
    site = next(venv.glob("lib/python3*/site-packages"))
    payload = f"open({str(base / 'stolen')!r}, 'w').write('credentials')"
    blob = base64.b64encode(payload.encode()).decode()
    (site / "litellm_init.pth").write_text(
        f"import os, base64; exec(base64.b64decode('{blob}'))\n")
    (site / "litellm").mkdir()
    (site / "litellm" / "__init__.py").write_text("")
    _fake_dist(site, "litellm", "1.82.8", ["litellm_init.pth", "litellm/__init__.py"])
    run_python(venv / "bin" / "python", ["-c", "pass"], ENV, base)
    assert (base / "stolen").read_text() == "credentials"  # it really runs at startup
    report = pywhence.audit(venv / "bin" / "python", ["-c", "pass"], env=ENV, cwd=base)
    codes = [c for c in report.startup_code if c.file.endswith("litellm_init.pth")]
    assert codes and all(c.distribution == "litellm 1.82.8" and c.recognised is None
                         for c in codes)
    bad = [f for f in report.findings if f.rule == "PW102"]
    assert bad and bad[0].level == "error" and "b64decode" in bad[0].message
    assert bad[0].path == str(site / "litellm_init.pth") and bad[0].line == 1
    assert report.fails("error")
    # changed after installation: the RECORD's hash no longer matches
    with open(site / "litellm_init.pth", "a") as f:
        f.write("# edited\n")
    report = pywhence.audit(venv / "bin" / "python", ["-c", "pass"], env=ENV, cwd=base)
    assert ("PW104", "error", str(site / "litellm_init.pth")) in _rules(report)


def test_look_alikes(base: Path) -> None:
    venv = make_venv(PY, base / "v", "--without-pip")
    site = next(venv.glob("lib/python3*/site-packages"))
    # setuptools' file name, another line
    (site / "distutils-precedence.pth").write_text("import os; os.system('true')\n")
    # setuptools' editable line, a module that is not setuptools' finder
    (site / "__editable__.evil-1.0.pth").write_text(
        "import __editable___evil_1_0_finder; __editable___evil_1_0_finder.install()\n")
    (site / "__editable___evil_1_0_finder.py").write_text("def install():\n    pass\n")
    report = pywhence.audit(venv / "bin" / "python", ["-c", "pass"], env=ENV, cwd=base)
    looks = {f.path for f in report.findings if f.rule == "PW103"}
    assert looks == {str(site / "distutils-precedence.pth"),
                     str(site / "__editable__.evil-1.0.pth")}
    assert all(c.recognised is None for c in report.startup_code)


def test_two_distributions_claiming_one_module(base: Path) -> None:
    venv = make_venv(PY, base / "v", "--without-pip")
    site = next(venv.glob("lib/python3*/site-packages"))
    (site / "jwt").mkdir()
    (site / "jwt" / "__init__.py").write_text("")
    _fake_dist(site, "PyJWT", "2.8.0", ["jwt/__init__.py"])
    _fake_dist(site, "jwt", "1.3.1", ["jwt/__init__.py"])
    # a namespace shared by two distributions is no conflict
    (site / "google" / "a").mkdir(parents=True)
    (site / "google" / "b").mkdir(parents=True)
    (site / "google" / "a" / "__init__.py").write_text("")
    (site / "google" / "b" / "__init__.py").write_text("")
    _fake_dist(site, "google-a", "1.0", ["google/a/__init__.py"])
    _fake_dist(site, "google-b", "1.0", ["google/b/__init__.py"])
    report = pywhence.audit(venv / "bin" / "python", ["-c", "pass"], env=ENV, cwd=base)
    conflicts = [f for f in report.findings if f.rule == "PW401"]
    assert len(conflicts) == 1
    assert "jwt 1.3.1" in conflicts[0].message and "PyJWT 2.8.0" in conflicts[0].message


def test_recognised_setuptools_editable_install(base: Path) -> None:
    """A real ``pip install -e`` (setuptools' finder), with Debian's pip and setuptools."""
    if not Path("/usr/lib/python3/dist-packages/setuptools").exists():
        pytest.skip("Debian's setuptools is not installed")
    proj = base / "proj"
    (proj / "proj").mkdir(parents=True)
    (proj / "proj" / "__init__.py").write_text("X = 1\n")
    (proj / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "proj"\nversion = "1.0"\n[tool.setuptools]\npackages = ["proj"]\n')
    venv = make_venv("/usr/bin/python3.11", base / "dv", "--system-site-packages", "--without-pip")
    proc = run_python("/usr/bin/python3.11", [
        "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
        "--no-build-isolation", "--no-deps", "--no-index", "-e", str(proj)], ENV, base)
    if proc.returncode:
        pytest.skip(f"pip install -e failed here: {proc.stderr[-300:]}")
    report = pywhence.audit(venv / "bin" / "python", ["-I", "-c", "pass"], env=ENV, cwd=base)
    editable = [c for c in report.startup_code if c.file.endswith("__editable__.proj-1.0.pth")]
    assert editable and all(c.recognised == "setuptools-editable" for c in editable)
    assert editable[0].distribution == "proj 1.0"
    assert any("_EditableFinder" in h for h in editable[0].hooks)
    assert not [f for f in report.findings if f.path and "__editable__" in f.path]
    shutil.rmtree(proj)
