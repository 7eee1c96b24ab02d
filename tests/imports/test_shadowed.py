"""``pywhence modules --shadowed`` on real installs: each kind of shadowing is found, and
nothing is reported for a clean install and a clean venv.  The listing's winners are also
checked against the interpreter's own find_spec for every top-level name it lists.

A venv gets, by pip from local projects, two distributions that ship the same top-level
package, one that ships a module named like the standard library's ``calendar`` (which
the standard library hides), one
with a regular package ``nsx`` and one with ``sp_pkg``; the script directory holds
``sp_pkg.py`` (a site-packages name taken), ``json.py`` (a standard-library name taken)
and an ``nsx/`` directory without ``__init__`` (a namespace portion the regular package
later on the path beats).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from differential.harness import Interp

import pywhence

from .conftest import clean_venv, interpreters
from .oracle import base_env, probe_source, run_probe

INTERPS = [i for i in interpreters() if i.id in ("3.12.1", "3.13.0")]

_SETUP = ('[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = '
          '"setuptools.build_meta"\n[project]\nname = "{name}"\nversion = "1.0"\n'
          '[tool.setuptools]\n{what}\n')
PROJECTS = {
    "clash-a": ('packages = ["clash"]', ["clash/__init__.py"]),
    "clash-b": ('packages = ["clash"]', ["clash/__init__.py", "clash/b.py"]),
    "calendarbad": ('py-modules = ["calendar"]', ["calendar.py"]),
    "nsdist": ('packages = ["nsx"]', ["nsx/__init__.py"]),
    "spdist": ('packages = ["sp_pkg"]', ["sp_pkg/__init__.py"]),
}

_VENVS: dict[str, Path | None] = {}


def shadow_venv(interp: Interp, root: Path) -> Path | None:
    if interp.id in _VENVS:
        return _VENVS[interp.id]
    venv = root / "shadow" / interp.id
    projects = root / "shadow-projects"
    for name, (what, files) in PROJECTS.items():
        (projects / name).mkdir(parents=True, exist_ok=True)
        (projects / name / "pyproject.toml").write_text(_SETUP.format(name=name, what=what))
        for f in files:
            (projects / name / f).parent.mkdir(parents=True, exist_ok=True)
            (projects / name / f).write_text(f"# {name}\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", str(root)),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
           "-q"]
    try:
        subprocess.run([interp.binary, "-m", "venv", "--without-pip", str(venv)], check=True,
                       capture_output=True, env=env, timeout=300)
        subprocess.run([*pip, "setuptools>=64"], check=True, capture_output=True, env=env,
                       timeout=600)
        for name in PROJECTS:  # one at a time: clash-b overwrites clash-a's files
            subprocess.run([*pip, "--no-build-isolation", "--no-deps", str(projects / name)],
                           check=True, capture_output=True, env=env, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        _VENVS[interp.id] = None
        return None
    _VENVS[interp.id] = venv
    return venv


def _app(root: Path) -> Path:
    app = root / "shadow-app"
    (app / "nsx").mkdir(parents=True, exist_ok=True)
    (app / "nsx" / "m.py").write_text("")
    (app / "sp_pkg.py").write_text("")
    (app / "json.py").write_text("")
    return app


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_every_kind_of_shadowing(interp: Interp, imports_root: Path) -> None:
    venv = shadow_venv(interp, imports_root)
    if venv is None:
        pytest.skip("setuptools could not be installed (no package index?)")
    app = _app(imports_root)
    script = app / "main.py"
    script.write_text("")
    listing = pywhence.modules(python=str(venv / "bin" / "python"), args=[str(script)],
                               env=base_env(), cwd=str(imports_root), shadowed=True)
    rows = {r.name: r for r in listing.modules}
    assert set(rows) == {"calendar", "clash", "json", "nsx", "sp_pkg"}, sorted(rows)
    assert rows["clash"].distributions == ("clash-a", "clash-b")
    # the standard library comes first: the distribution's calendar.py can never load
    assert rows["calendar"].stdlib and rows["calendar"].distribution is None
    assert rows["calendar"].shadowed[0].distribution == "calendarbad"
    assert rows["json"].origin == str(app / "json.py")
    assert rows["sp_pkg"].origin == str(app / "sp_pkg.py")
    assert rows["sp_pkg"].shadowed[0].distribution == "spdist"
    assert rows["nsx"].kind == "package" and rows["nsx"].distribution == "nsdist"
    assert any(s.kind == "namespace" for s in rows["nsx"].shadowed)


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_listing_winners_match_find_spec(interp: Interp, imports_root: Path) -> None:
    """Every top-level name the listing gives: its origin is find_spec's."""
    venv = shadow_venv(interp, imports_root)
    if venv is None:
        pytest.skip("setuptools could not be installed (no package index?)")
    app = _app(imports_root)
    listing = pywhence.modules(python=str(venv / "bin" / "python"), args=[str(app / "probe.py")],
                               env=base_env(), cwd=str(imports_root))
    names = [r.name for r in listing.modules]
    (app / "probe.py").write_text(probe_source(names))
    real = run_probe([str(venv / "bin" / "python"), str(app / "probe.py")], base_env(),
                     str(imports_root))
    assert real is not None
    wrong = []
    for row in listing.modules:
        spec, error = real["results"][row.name]
        origin = None if spec is None else spec["origin"]
        if error or origin != row.origin:
            wrong.append(f"{row.name}: listing {row.origin!r} find_spec {origin!r} {error or ''}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("interp", interpreters(), ids=[i.id for i in interpreters()])
def test_nothing_in_a_clean_venv(interp: Interp, imports_root: Path) -> None:
    venv = clean_venv(interp, imports_root)
    listing = pywhence.modules(python=str(venv / "bin" / "python"), args=["-c", "pass"],
                               env=base_env(), cwd=str(venv), shadowed=True)
    assert [r.name for r in listing.modules] == []
