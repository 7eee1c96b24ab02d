"""Compare ``pywhence.startup.getpath`` with CPython's own frozen getpath, world by world.

:func:`run_oracle` sends a batch of worlds to one local interpreter running
``frozen_getpath.py``; :func:`run_model` computes the same keys with the model;
:func:`compare` lists the keys where they differ.
"""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from pywhence.disk.world import world_from_dict
from pywhence.startup.getopt import parse_command_line
from pywhence.startup.getpath import compute_path_config
from pywhence.startup.initconfig import make_config
from pywhence.target.behaviour import behaviour_for
from pywhence.trace import Trace

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", "..", "src"))

#: Local interpreters whose frozen getpath is the oracle, by version.
ORACLES = {
    "3.11.2": "/usr/bin/python3.11",  # Debian's build
    "3.11.7": "/root/.pyenv/versions/3.11.7/bin/python3.11",
    "3.12.1": "/root/.pyenv/versions/3.12.1/bin/python3.12",
    "3.13.0": "/root/.pyenv/versions/3.13.0/bin/python3.13",
}


def _extra_oracles() -> dict[str, str]:
    """Interpreters named in $PYWHENCE_EXTRA_ORACLES or .oracles/oracles.txt (see
    tests/differential/harness.py) that have the frozen getpath (3.11+), by version."""
    items = [i for i in os.environ.get("PYWHENCE_EXTRA_ORACLES", "").split(":") if i]
    listed = os.path.join(HERE, "..", "..", ".oracles", "oracles.txt")
    if os.path.isfile(listed):
        with open(listed) as f:
            items += [line.strip() for line in f if line.strip()]
    found: dict[str, str] = {}
    for item in items:
        binary = item.partition("=")[2]
        if not os.access(binary, os.X_OK):
            continue
        try:
            out = subprocess.run(
                [binary, "-S", "-c", "import sys, _testinternalcapi; print('%d.%d.%d' % sys.version_info[:3])"],
                capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, timeout=60,
                check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        if out and out not in ORACLES:
            found[out] = binary
    return found


ORACLES.update(_extra_oracles())

KEYS = (
    "executable", "base_executable", "prefix", "exec_prefix", "base_prefix",
    "base_exec_prefix", "stdlib_dir", "platstdlib_dir", "module_search_paths",
    "isolated", "use_environment", "site_import", "safe_path", "warnings", "failed",
    "is_python_build", "user_site_directory",
)


def run_oracle(python: str, worlds: list[dict[str, Any]], *,
               winreg: str = "PC/winreg.c") -> list[dict[str, Any]]:
    """The frozen getpath of *python* over *worlds*.  *winreg* names the semantics of the
    stand-in winreg of Windows worlds: the real module's (a value never set reads
    ``''``), or ``"test_getpath"``, the mock of CPython's Lib/test/test_getpath.py (it
    raises OSError instead)."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", "ORACLE_WINREG": winreg}
    proc = subprocess.run(
        [python, "-I", os.path.join(HERE, "frozen_getpath.py"), SRC],
        input=json.dumps(worlds), capture_output=True, text=True, env=env, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"oracle {python} failed: {proc.stderr[-2000:]}")
    raw: list[dict[str, Any]] = json.loads(proc.stdout)
    return [_normalise_oracle(r) for r in raw]


def _normalise_oracle(r: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: r.get(k) for k in KEYS if k not in ("failed", "is_python_build", "warnings")},
        "isolated": bool(r["isolated"]),
        "use_environment": bool(r["use_environment"]),
        "site_import": bool(r["site_import"]),
        "safe_path": bool(r["safe_path"]),
        "warnings": list(r["warnings"]),
        "failed": r["error"] is not None,
        "is_python_build": bool(r.get("_is_python_build")),
        # 3.15 (gh-120037): a ._pth file sets user_site_directory = 0; before, untouched
        "user_site_directory": False if r.get("user_site_directory") == 0 else None,
        "module_search_paths": list(r["module_search_paths"] or []),
    }


def run_model(world_data: dict[str, Any]) -> dict[str, Any]:
    world = world_from_dict(world_data)
    sw = behaviour_for(world.interpreter.version)
    cl = parse_command_line(world.invocation.argv, safe_path_option=sw.safe_path)
    cfg = make_config(world.invocation, cl, sw)
    pc = compute_path_config(world.interpreter, cfg, world.fs, sw, Trace())
    failed = bool(pc.fatal and pc.fatal.startswith("Fatal Python error: error evaluating path"))
    out = {
        "executable": pc.executable, "base_executable": pc.base_executable,
        "prefix": pc.prefix, "exec_prefix": pc.exec_prefix, "base_prefix": pc.base_prefix,
        "base_exec_prefix": pc.base_exec_prefix, "stdlib_dir": pc.stdlib_dir,
        "platstdlib_dir": pc.platstdlib_dir,
        "module_search_paths": [e.path for e in pc.module_search_paths],
        "isolated": pc.isolated, "use_environment": pc.use_environment,
        "site_import": pc.site_import, "safe_path": pc.safe_path,
        "warnings": list(pc.warnings), "failed": failed, "is_python_build": pc.is_python_build,
        "user_site_directory": pc.user_site_directory,
    }
    if failed:
        # After a failure CPython has no path configuration to compare.
        return {"failed": True}
    return out


def compare(model: dict[str, Any], oracle: dict[str, Any]) -> list[str]:
    if oracle["failed"] or model.get("failed"):
        if oracle["failed"] == model.get("failed"):
            return []
        return [f"failed: model {model.get('failed')} oracle {oracle['failed']}"]
    return [f"{k}: model {model[k]!r} oracle {oracle[k]!r}" for k in KEYS if model[k] != oracle[k]]
