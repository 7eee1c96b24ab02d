"""A venv holding real wheels from the package index -- pure, compiled, and namespace
distributions (protobuf's ``google``, ``zope.interface``'s ``zope``) -- resolved as the
interpreter resolves them, for every top-level name the venv offers and the packages'
own submodules (extension modules among them).  Without the index the test skips.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from differential.harness import Interp

import pywhence

from .conftest import interpreters
from .oracle import base_env, probe_source
from .test_differential import check

INTERPS = [i for i in interpreters() if i.id in ("3.12.1",)]

WHEELS = ["six", "attrs", "packaging", "idna", "certifi", "charset-normalizer", "markupsafe",
          "pyyaml", "protobuf", "zope.interface", "typing-extensions", "wrapt"]
SUBMODULES = ["google.protobuf", "google.protobuf.message", "zope.interface",
              "zope.interface.interface", "yaml._yaml", "markupsafe._speedups",
              "charset_normalizer.md", "wrapt._wrappers", "attr._make", "packaging.version",
              "google.nosuch", "zope.nosuch"]

_VENVS: dict[str, Path | None] = {}


def wheel_venv(interp: Interp, root: Path) -> Path | None:
    if interp.id in _VENVS:
        return _VENVS[interp.id]
    venv = root / "wheels" / interp.id
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", str(root)),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    try:
        subprocess.run([interp.binary, "-m", "venv", "--without-pip", str(venv)], check=True,
                       capture_output=True, env=env, timeout=300)
        subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                        "install", "-q", "--only-binary", ":all:", *WHEELS], check=True,
                       capture_output=True, env=env, timeout=900)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        _VENVS[interp.id] = None
        return None
    _VENVS[interp.id] = venv
    return venv


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_real_wheels(interp: Interp, imports_root: Path) -> None:
    venv = wheel_venv(interp, imports_root)
    if venv is None:
        pytest.skip("the wheels could not be installed (no package index?)")
    python = str(venv / "bin" / "python")
    work = imports_root / "wheels-work"
    work.mkdir(exist_ok=True)
    listing = pywhence.modules(python=python, args=["-c", "pass"], env=base_env(), cwd=str(work))
    site = [r.name for r in listing.modules if r.origin and "site-packages" in r.origin
            or r.kind == "namespace"]
    assert {"google", "zope", "yaml", "markupsafe", "six"} <= set(site)
    names = [*site, *SUBMODULES]
    script = work / "probe.py"
    script.write_text(probe_source(names))
    check([python, str(script)], base_env(), str(work), names, preloaded=True,
          min_certain=0.9)
    owners = {r.name: r.distribution for r in listing.modules}
    assert owners["yaml"] == "PyYAML" and owners["six"] == "six"
