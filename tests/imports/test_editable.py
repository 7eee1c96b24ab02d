"""Editable installs made by real build backends, resolved as the interpreter resolves them.

Into a fresh venv, ``pip install -e`` installs projects built by setuptools (a flat layout
with its ``__editable___*_finder.py``, a src layout with a plain path line, a namespace
package served through the finder's placeholder entry), hatchling (default: a path line;
``dev-mode-exact``: the ``editables`` redirector) and flit (a path line).  The finders
are appended to ``sys.meta_path``, so a directory of the same name in the working
directory wins (setuptools #3557): the last case checks exactly that.  The backends come
from the package index; without it the tests skip.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from differential.harness import Interp

from .conftest import interpreters
from .oracle import base_env, probe_source
from .test_differential import check

#: Three series keep the time modest (the runner's pip installs into each: 3.10+).
INTERPS = [i for i in interpreters() if i.id in ("3.10.13", "3.12.1", "3.13.0")]

PROJECTS = {
    "stflat": (('[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = '
               '"setuptools.build_meta"\n[project]\nname = "stflat"\nversion = "1.0"\n'
               '[tool.setuptools]\npackages = ["stflat_pkg"]\npy-modules = ["stflat_mod"]\n'),
               ["stflat_pkg/__init__.py", "stflat_pkg/sub.py", "stflat_mod.py"]),
    "stsrc": (('[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = '
              '"setuptools.build_meta"\n[project]\nname = "stsrc"\nversion = "1.0"\n'),
              ["src/stsrc_pkg/__init__.py"]),
    "stns": (('[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = '
             '"setuptools.build_meta"\n[project]\nname = "stns"\nversion = "1.0"\n'
             '[tool.setuptools]\npackages = ["nsroot.leaf"]\n'),
             ["nsroot/leaf/__init__.py", "nsroot/leaf/deep.py"]),
    "hatch": (('[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
              '[project]\nname = "hatch-pkg"\nversion = "1.0"\n'
              '[tool.hatch.build.targets.wheel]\npackages = ["hatch_pkg"]\n'),
              ["hatch_pkg/__init__.py"]),
    "hatchx": (('[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
               '[project]\nname = "hatchx-pkg"\nversion = "1.0"\n'
               '[tool.hatch.build.targets.wheel]\npackages = ["hatchx_pkg"]\n'
               '[tool.hatch.build]\ndev-mode-exact = true\n'),
               ["hatchx_pkg/__init__.py", "hatchx_pkg/part.py"]),
    "flit": (('[build-system]\nrequires = ["flit_core>=3.4"]\nbuild-backend = '
             '"flit_core.buildapi"\n[project]\nname = "flitp_pkg"\nversion = "1.0"\n'
             'description = "x"\n'), ["flitp_pkg/__init__.py"]),
}

NAMES = ["stflat_pkg", "stflat_pkg.sub", "stflat_mod", "stsrc_pkg", "nsroot", "nsroot.leaf",
         "nsroot.leaf.deep", "nsroot.other", "hatch_pkg", "hatchx_pkg", "hatchx_pkg.part",
         "flitp_pkg", "__editable___stflat_1_0_finder", "editables", "editables.redirector",
         "pathlib", "json", "nosuch", "stflat_pkg.nosuch"]

_VENVS: dict[str, Path | None] = {}


def editable_venv(interp: Interp, root: Path) -> Path | None:
    """A venv of *interp* with every project installed editable (None: no index)."""
    if interp.id in _VENVS:
        return _VENVS[interp.id]
    venv = root / "editable" / interp.id
    projects = root / "editable-projects"
    for name, (pyproject, files) in PROJECTS.items():
        (projects / name).mkdir(parents=True, exist_ok=True)
        (projects / name / "pyproject.toml").write_text(pyproject)
        for f in files:
            (projects / name / f).parent.mkdir(parents=True, exist_ok=True)
            (projects / name / f).write_text('"""x"""\n')
    import os
    import sys

    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", str(root)),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    # no ensurepip in the venv: the test runner's own pip installs into it (--python)
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
           "-q"]
    try:
        subprocess.run([interp.binary, "-m", "venv", "--without-pip", str(venv)], check=True,
                       capture_output=True, env=env, timeout=300)
        # the backends once, then every project in one resolution without isolation
        subprocess.run([*pip, "setuptools>=64", "hatchling", "flit_core>=3.4", "editables"],
                       check=True, capture_output=True, env=env, timeout=600)
        editable = [arg for name in PROJECTS for arg in ("-e", str(projects / name))]
        subprocess.run([*pip, "--no-build-isolation", "--no-deps", *editable], check=True,
                       capture_output=True, env=env, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        _VENVS[interp.id] = None
        return None
    _VENVS[interp.id] = venv
    return venv


@pytest.mark.parametrize("mode", ["script", "c-shadowing-cwd"])
@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_editable_installs(interp: Interp, mode: str, imports_root: Path) -> None:
    venv = editable_venv(interp, imports_root)
    if venv is None:
        pytest.skip("the build backends could not be installed (no package index?)")
    work = imports_root / "editable-work" / interp.id / mode
    work.mkdir(parents=True, exist_ok=True)
    if mode == "script":
        script = work / "probe.py"
        script.write_text(probe_source(NAMES))
        argv = [str(venv / "bin" / "python"), str(script)]
    else:
        # same-named directories in the working directory: PathFinder (first) finds them
        # as namespace packages, so the appended editable finders are never asked
        for d in ("stflat_pkg", "hatchx_pkg", "hatch_pkg"):
            (work / d).mkdir(exist_ok=True)
        argv = [str(venv / "bin" / "python"), "-c", probe_source(NAMES)]
    result = check(argv, base_env(), str(work), NAMES, preloaded=True, min_certain=0.8)
    assert not result.get("failed")
