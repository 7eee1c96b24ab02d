"""pywhence.which against ``importlib.util.find_spec`` run by every local interpreter as
the first statements of its program, in real layouts, field by field.

Each case is one interpreter run (many names in one spawn): a ``PYTHONPATH`` full of
zips, zip subdirectories, sourceless bytecode, extension file names of every tag, a
module and a package of one name, namespace portions split across entries and
pkgutil-style packages; ``-B``, ``-O``, ``PYTHONPYCACHEPREFIX`` and ``-X pycache_prefix``;
a script directory and a working directory full of standard-library look-alikes, with
``-I`` and ``-P``.  A certain answer must match exactly; an uncertain one may differ (the
count is reported).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from differential.harness import Interp

import pywhence

from .conftest import clean_venv, interpreters
from .layouts import LOOKALIKES, bytecode_zip, compile_pycs, write_zip
from .oracle import base_env, compare, probe_source, run_probe

INTERPS = interpreters()


def check(argv: list[str], env: dict[str, str], cwd: str, names: list[str],
          *, preloaded: bool = False, min_certain: float = 0.0) -> dict[str, Any]:
    """Run the probe and the model; fail on any difference in a certain answer, and
    when fewer than *min_certain* of the answers are certain (a model that doubts
    everything would pass vacuously)."""
    real = run_probe(argv, env, cwd)
    which = pywhence.which(names, python=argv[0], args=argv[1:], env=env, cwd=cwd)
    if real is None:
        # the program never ran (a look-alike broke startup): no answer may be certain
        sure = [r.name for r in which.modules if r.certain]
        assert which.fatal or not sure, f"startup fails, yet certain answers for {sure}"
        return {"doubtful": len(names), "failed": True}
    wrong: list[str] = []
    doubtful = 0
    for res in which.modules:
        diff = compare(res, real["results"][res.name])
        if not diff:
            continue
        if res.certain:
            wrong.append(f"{res.name}: " + "; ".join(diff))
        else:
            doubtful += 1
    if preloaded:
        from pywhence.imports import import_system
        from pywhence.target.discovery import discover_invocation

        target, inv, fs = discover_invocation(argv[0], tuple(argv[1:]), env, cwd, None, False)
        system = import_system(target, which.startup, inv, fs)
        mine = set(system.modules.names())
        theirs = set(real["preloaded"])
        if mine != theirs and not system.reasons and not system.partial_modules:
            wrong.append(f"sys.modules: model lacks {sorted(theirs - mine)}, "
                         f"has extra {sorted(mine - theirs)}")
        elif system.partial_modules and mine - theirs:
            wrong.append(f"sys.modules: model has extra {sorted(mine - theirs)}")
    assert real["path"] == which.sys_path, "sys.path differs (the startup model's concern)"
    assert not wrong, "\n".join(wrong)
    sure = sum(r.certain for r in which.modules) / max(len(names), 1)
    assert sure >= min_certain, (
        f"only {sure:.0%} of the answers are certain: "
        + "; ".join(sorted({w for r in which.modules for w in r.uncertain_because})[:5]))
    return {"doubtful": doubtful}


def _pp_case(interp: Interp, tree: dict[str, Any], *flags: str,
             env_extra: dict[str, str] | None = None) -> None:
    root: Path = tree["root"]
    names: list[str] = list(tree["names"])
    bc = bytecode_zip(interp.binary, root / "bc" / interp.id, _foreign_pyc(interp, root))
    names += ["bc", "bcsrc", "bcpkg", "stale", "foreign", "foreignonly"]
    script = root / "app" / f"probe_{interp.id}.py"
    script.parent.mkdir(exist_ok=True)
    script.write_text(probe_source(names))
    entries = [*tree["entries"], str(bc)]
    env = base_env(PYTHONPATH=os.pathsep.join(entries), **(env_extra or {}))
    check([interp.binary, *flags, str(script)], env, str(root), names, min_certain=0.9)


def _foreign_pyc(interp: Interp, root: Path) -> bytes | None:
    others = [i for i in INTERPS if i.version[:2] != interp.version[:2]]
    if not others:
        return None
    return compile_pycs(others[0].binary, root / "foreign" / others[0].id, {"foreign": ""})["foreign"]


PP_VARIANTS: dict[str, Callable[[Interp, dict[str, Any]], None]] = {
    "S": lambda i, t: _pp_case(i, t, "-S"),
    "S-B-relative-prefix": lambda i, t: _pp_case(i, t, "-S", "-B",
                                                 env_extra={"PYTHONPYCACHEPREFIX": "rel/pfx"}),
    "S-X-prefix-wins": lambda i, t: _pp_case(i, t, "-S", "-X", "pycache_prefix=/tmp/pfxX",
                                             env_extra={"PYTHONPYCACHEPREFIX": "/tmp/other"}),
    "S-X-empty-prefix": lambda i, t: _pp_case(i, t, "-S", "-X", "pycache_prefix=",
                                              env_extra={"PYTHONPYCACHEPREFIX": "/tmp/other"}),
    "S-OO": lambda i, t: _pp_case(i, t, "-S", "-OO"),
    "S-E": lambda i, t: _pp_case(i, t, "-S", "-E",
                                 env_extra={"PYTHONPYCACHEPREFIX": "/tmp/ignored"}),
}


@pytest.mark.parametrize("variant", sorted(PP_VARIANTS))
@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_pythonpath_layout(interp: Interp, variant: str, pythonpath_tree: dict[str, Any]) -> None:
    PP_VARIANTS[variant](interp, pythonpath_tree)


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_pythonpath_in_clean_venv(interp: Interp, pythonpath_tree: dict[str, Any],
                                  imports_root: Path) -> None:
    """With site (a venv without .pth files), relative entries made absolute by site."""
    venv = clean_venv(interp, imports_root)
    root: Path = pythonpath_tree["root"]
    names = list(pythonpath_tree["names"])
    script = root / "app" / f"probe_venv_{interp.id}.py"
    script.parent.mkdir(exist_ok=True)
    script.write_text(probe_source(names))
    env = base_env(PYTHONPATH=os.pathsep.join(pythonpath_tree["entries"]))
    check([str(venv / "bin" / "python"), str(script)], env, str(root / "work"), names,
          preloaded=True, min_certain=0.9)


LOOK_NAMES = [*LOOKALIKES, "email.mime", "json.decoder", "os.path", "random", "numpy",
              "sys", "__main__", "encodings.utf_8", "importlib", "zipimport"]


@pytest.mark.parametrize("mode", ["script", "c", "c-I", "c-P", "script-P", "m"])
@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_lookalikes(interp: Interp, mode: str, lookalike_dirs: dict[str, Path],
                    imports_root: Path) -> None:
    """A script directory and a working directory full of stdlib look-alikes: startup's
    own modules stay the stdlib's, the rest are shadowed unless -I/-P keep the
    directory off sys.path."""
    if "P" in mode and not interp.at_least(3, 11):
        pytest.skip("-P is 3.11+")
    venv = clean_venv(interp, imports_root)
    python = str(venv / "bin" / "python")
    app, work = lookalike_dirs["app"], lookalike_dirs["work"]
    env = base_env()
    names = LOOK_NAMES
    if mode.startswith("script"):
        script = app / f"probe_{interp.id}.py"
        script.write_text(probe_source(names))
        flags = ["-P"] if mode == "script-P" else []
        argv = [python, *flags, str(script)]
    elif mode == "m":
        mod = work / f"probe_{interp.id.replace('.', '_').replace('-', '_')}.py"
        mod.write_text(probe_source(names))
        argv = [python, "-m", mod.stem]
    else:
        flags = {"c": [], "c-I": ["-I"], "c-P": ["-P"]}[mode]
        argv = [python, *flags, "-c", probe_source(names)]
    check(argv, env, str(work), names, preloaded=True)


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_zip_without_directory_entries_and_subdirs(interp: Interp, imports_root: Path) -> None:
    root = imports_root / "zips" / interp.id
    z = write_zip(root / "flat.zip", {"top/a/b.py": "", "top/c.py": "", "mod.py": "",
                                      "pkg/__init__.py": "", "pkg/sub/x.py": ""}, dirs=False)
    names = ["top", "top.a", "top.a.b", "top.c", "mod", "pkg", "pkg.sub", "pkg.sub.x", "a",
             "b", "sub"]
    script = root / "probe.py"
    script.write_text(probe_source(names))
    env = base_env(PYTHONPATH=os.pathsep.join([str(z), str(z) + "/top", str(z) + "/pkg"]))
    check([interp.binary, "-S", str(script)], env, str(root), names)
