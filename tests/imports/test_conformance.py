"""Conformance with CPython's own namespace-package tests.

For every local interpreter that ships its ``test`` package, each test class of
``Lib/test/test_importlib/test_namespace_pkgs.py`` is read (with :mod:`ast`, never
imported): its ``paths`` (the sys.path the class sets up, under ``namespace_pkgs``) and
every module its tests import.  The interpreter then runs find_spec for those modules and
their parents with that sys.path in front (directory, zip and zip-subdirectory portions,
legacy packages, nested namespaces, a module beside a namespace directory of one name),
and pywhence must give the same specs.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from differential.harness import Interp

from .conftest import interpreters
from .oracle import base_env, probe_source
from .test_differential import check

INTERPS = interpreters()


def _test_dir(interp: Interp) -> Path | None:
    lib = Path(interp.prefix) / "lib" / f"python{interp.xy}"
    found = lib / "test" / "test_importlib"
    if (found / "test_namespace_pkgs.py").is_file() and (found / "namespace_pkgs").is_dir():
        return found
    return None


def namespace_classes(test_dir: Path) -> list[tuple[str, list[str], list[str]]]:
    """(class name, its paths, the modules its tests import and their parents)."""
    tree = ast.parse((test_dir / "test_namespace_pkgs.py").read_text())
    out = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        paths = None
        names: list[str] = []
        for item in node.body:
            if isinstance(item, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "paths" for t in item.targets):
                paths = ast.literal_eval(item.value)
            for sub in ast.walk(item):
                if isinstance(sub, ast.Import):
                    for alias in sub.names:
                        parts = alias.name.split(".")
                        names += [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
        if paths is None:
            continue
        names = [n for n in dict.fromkeys(names)
                 if n.split(".")[0] not in ("importlib", "sys", "os", "unittest", "tempfile")]
        if names:
            out.append((node.name, list(paths), names))
    return out


CASES = [(interp, cls, paths, names)
         for interp in INTERPS if (d := _test_dir(interp)) is not None
         for cls, paths, names in namespace_classes(d)]


@pytest.mark.parametrize(
    "interp,cls,paths,names", CASES,
    ids=[f"{c[0].id}-{c[1]}" for c in CASES])
def test_namespace_pkgs(interp: Interp, cls: str, paths: list[str], names: list[str],
                        tmp_path: Path) -> None:
    root = _test_dir(interp)
    assert root is not None
    entries = [os.path.join(root, "namespace_pkgs", p) for p in paths]
    script = tmp_path / "probe.py"
    script.write_text(probe_source(names))
    env = base_env(PYTHONPATH=os.pathsep.join(entries))
    check([interp.binary, "-S", str(script)], env, str(tmp_path), names, min_certain=1.0)


def test_every_interpreter_with_a_test_package_is_covered() -> None:
    covered = {c[0].id for c in CASES}
    for interp in INTERPS:
        if _test_dir(interp) is not None:
            assert interp.id in covered
    assert len(CASES) >= 10
