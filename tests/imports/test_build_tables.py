"""The import tables read from each local interpreter's binary (target/buildtables.py)
against what the interpreter itself reports: ``sys.builtin_module_names``,
``_imp.extension_suffixes()``, and ``_imp._frozen_module_names()`` with
``_imp.find_frozen()``'s package flag and original name (3.11+)."""

from __future__ import annotations

import ast
import subprocess

import pytest
from differential.harness import Interp

from pywhence.disk.fs import LocalFS
from pywhence.target.buildtables import _read, build_tables
from pywhence.target.discovery import discover_invocation

from .conftest import interpreters

INTERPS = interpreters()

_ASK = (
    "import sys, _imp\n"
    "frozen = None\n"
    "if hasattr(_imp, '_frozen_module_names'):\n"
    "    frozen = [(n,) + tuple(_imp.find_frozen(n)[1:]) for n in _imp._frozen_module_names()]\n"
    "print(repr((sorted(sys.builtin_module_names), _imp.extension_suffixes(), frozen)))\n"
)


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_tables_match_the_interpreter(interp: Interp) -> None:
    out = subprocess.run([interp.binary, "-S", "-X", "frozen_modules=on", "-c", _ASK],
                         capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin"}).stdout
    builtins, suffixes, frozen = ast.literal_eval(out)
    target, _inv, fs = discover_invocation(interp.binary, (), {}, "/", None, False)
    for tables in (build_tables(target, fs),  # cached (memory, then disk)
                   _read(fs, fs.resolve(target.library or target.executable or ""))):
        assert tables is not None
        assert list(tables.builtins or ()) == builtins
        assert list(tables.suffixes or ()) == suffixes
        if frozen is None:
            continue
        assert tables.frozen is not None
        assert [(n, pkg, orig) for n, pkg, orig, _boot in tables.frozen] == \
            [tuple(f) for f in frozen]
        assert {n for n, _p, _o, boot in tables.frozen if boot} == {
            "_frozen_importlib", "_frozen_importlib_external", "zipimport"}


def test_no_tables_without_an_elf(tmp_path: object) -> None:
    """A world (no binary) has no tables: the stage falls back to configure's defaults."""
    from pywhence.target.interpreter import Interpreter, Version

    assert build_tables(Interpreter(Version(3, 12, 4)), LocalFS()) is None
