"""Every standard-library module name of every local interpreter, as find_spec gives it
at the first statement: built-in (read from the binary), frozen (3.11+), already imported
by startup, or found on sys.path -- with site, with -S, with -I, and with
``-X frozen_modules=off``; and ``sys.modules`` itself compared key for key.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest
from differential.harness import Interp

from .conftest import clean_venv, interpreters
from .oracle import base_env, probe_source
from .test_differential import check

INTERPS = interpreters()

#: The names: sys.stdlib_module_names (3.10+), else the stdlib directories' listing and
#: the built-in modules; a few submodules of startup's packages too.
_NAMES_CODE = r"""
import sys
names = set(getattr(sys, 'stdlib_module_names', ()))
if not names:
    import os, sysconfig
    names = set(sys.builtin_module_names)
    for d in {sysconfig.get_paths()['stdlib'], sysconfig.get_paths()['platstdlib'],
              os.path.join(sysconfig.get_paths()['platstdlib'], 'lib-dynload')}:
        for n in os.listdir(d):
            base = n.split('.')[0]
            if base.isidentifier() and n not in ('site-packages', '__pycache__') and (
                    n.endswith(('.py', '.so')) or os.path.isfile(os.path.join(d, n, '__init__.py'))):
                names.add(base)
print(sorted(names))
"""

_SUBMODULES = ["encodings.utf_8", "encodings.aliases", "encodings.latin_1", "encodings.ascii",
               "importlib.util", "importlib.machinery", "importlib._bootstrap", "os.path",
               "collections.abc", "json.decoder", "email.mime", "xml.dom", "concurrent.futures",
               "__phello__.spam", "__phello__.ham", "__phello__.ham.eggs", "sys.x", "os.x"]


def stdlib_names(interp: Interp) -> list[str]:
    out = subprocess.run([interp.binary, "-S", "-c", _NAMES_CODE], capture_output=True,
                         text=True, check=True, env={"PATH": "/usr/bin:/bin"}).stdout
    names: list[str] = ast.literal_eval(out)
    return [*names, "__main__", "__hello__", "__phello__", "__hello_alias__",
            "__phello_alias__", "__hello_only__", *_SUBMODULES]


MODES = {
    "site": [],
    "S": ["-S"],
    "I": ["-I"],
    "frozen-off": ["-X", "frozen_modules=off"],
    "S-frozen-off": ["-S", "-X", "frozen_modules=off"],
    "env-frozen-off": [],
}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_every_stdlib_name(interp: Interp, mode: str, imports_root: Path) -> None:
    if "frozen" in mode and not interp.at_least(3, 11):
        pytest.skip("frozen stdlib modules are 3.11+")
    venv = clean_venv(interp, imports_root)
    names = stdlib_names(interp)
    work = imports_root / "stdlib" / interp.id / mode
    work.mkdir(parents=True, exist_ok=True)
    script = work / "probe.py"
    script.write_text(probe_source(names))
    env = base_env()
    if mode == "env-frozen-off":
        env["PYTHON_FROZEN_MODULES"] = "off"  # read from 3.13 on; ignored before
    check([str(venv / "bin" / "python"), *MODES[mode], str(script)], env, str(work), names,
          preloaded=True, min_certain=0.98)


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_every_stdlib_name_of_the_base_interpreter(interp: Interp, imports_root: Path) -> None:
    """The interpreter itself with -S -I (no site-packages, no .pth code)."""
    names = stdlib_names(interp)
    work = imports_root / "stdlib" / interp.id / "base"
    work.mkdir(parents=True, exist_ok=True)
    check([interp.binary, "-S", "-I", "-c", probe_source(names)], base_env(), str(work),
          names, preloaded=True, min_certain=0.98)
