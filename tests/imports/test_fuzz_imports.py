"""Random composed import layouts (fuzz_layouts.py) against every local interpreter, and
the minimal layouts of the disagreements those runs found.

Each seed builds a layout for each interpreter, which runs ``importlib.util.find_spec``
for every name the layout defines (and misses, case variants, standard-library names)
as the first statements of its program; ``pywhence.which`` must give every certain
answer exactly.  A failure is reproduced with::

    .venv/bin/python -m tests.imports.fuzz_layouts --seeds SEED --interp ID --keep -v

Many more seeds are run by hand (``--seeds 0-999``); what they found is in the fixed
cases below, reduced to the few files that decide it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from differential.harness import Interp

import pywhence
from pywhence.imports.result import Which

from .conftest import clean_venv, interpreters
from .fuzz_layouts import build_layout, format_outcome, run_layout
from .layouts import compile_pycs, touch, write_zip
from .oracle import base_env, probe_source, run_probe
from .test_differential import check

INTERPS = interpreters()

#: The committed seeds, for every interpreter (about 30 s with the venvs made).
SEEDS = range(16)


@pytest.mark.parametrize(
    ("seed", "interp"),
    [pytest.param(s, i, id=f"seed{s}-{i.id}") for s in SEEDS for i in INTERPS],
)
def test_fuzz_layout(seed: int, interp: Interp, imports_root: Path) -> None:
    root = imports_root / "fuzz" / f"{seed}-{interp.id}"
    root.mkdir(parents=True)
    o = run_layout(seed, interp, root, imports_root)
    if o.failed:
        pytest.fail(format_outcome(o), pytrace=False)
    if not o.no_start and o.common_doubt is None:  # a model that doubts all would pass
        assert o.certain >= o.total // 3, f"only {o.certain}/{o.total} answers are certain"


def test_layouts_are_deterministic(imports_root: Path) -> None:
    """A seed is a layout: building it twice gives the same names and description."""
    interp = INTERPS[-1]
    for seed in (3, 11, 29):
        shown = []
        for n in range(2):
            root = imports_root / "fuzz-det" / f"{seed}-{n}"
            root.mkdir(parents=True)
            layout = build_layout(seed, interp, root, imports_root)
            shown.append((layout.names, [line.replace(str(root), "R") for line in layout.notes]))
        assert shown[0] == shown[1]


# ---------------------------------------------------------------------------------------
# The disagreements the fuzz found, minimised
# ---------------------------------------------------------------------------------------


def _run(interp: Interp, root: Path, names: list[str], pythonpath: list[str], *flags: str,
         python: str | None = None) -> Which:
    """Check *names* with a script in ``root/app`` (certain answers must match), and
    return the model's answers."""
    script = touch(root / "app" / "probe.py", probe_source(names))
    argv = [python or interp.binary, *flags, str(script)]
    env = base_env(PYTHONPATH=os.pathsep.join(pythonpath))
    check(argv, env, str(root), names)
    return pywhence.which(names, python=argv[0], args=argv[1:], env=env, cwd=str(root))


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_relative_zip_entry_made_absolute_by_site(interp: Interp, imports_root: Path) -> None:
    """``PYTHONPATH=z.zip`` (relative), with site: 3.8-3.10 startup imports over the
    relative entry (zipimporter('z.zip') fills ``_zip_directory_cache['z.zip']``), then
    site makes it absolute, and zipimporter('/abs/z.zip') reads the archive again under
    that key (Lib/zipimport.py keys the cache by the path as given): origins are
    absolute.  The model keyed its cache by the absolute path and gave 'z.zip/m.py'."""
    root = imports_root / "fixed-relzip" / interp.id
    write_zip(root / "z.zip", {"m.py": "", "p/__init__.py": "", "p/q.py": ""})
    venv = clean_venv(interp, imports_root)
    which = _run(interp, root, ["m", "p", "p.q"], ["z.zip"],
                 python=str(venv / "bin" / "python"))
    assert all(r.certain for r in which.modules)
    assert which.modules[0].spec is not None
    assert which.modules[0].spec.origin == str(root / "z.zip" / "m.py")


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_parent_sourceless_with_a_bad_header(interp: Interp, imports_root: Path) -> None:
    """``find_spec('m.x')`` imports ``m`` first: a sourceless ``m.pyc`` is checked by
    ``_classify_pyc`` (SourcelessFileLoader.get_code) before it runs -- bad magic number,
    truncated header, invalid flags raise there.  The model said "__path__ attribute
    not found on 'm'" (certain)."""
    root = imports_root / "fixed-badpyc" / interp.id
    good = compile_pycs(interp.binary, root / "src", {"ok": ""})["ok"]
    header = good[:16]
    e = root / "e"
    touch(e / "junk.pyc", "not really bytecode")
    (e / "empty.pyc").write_bytes(b"")
    (e / "short.pyc").write_bytes(header[:8])
    (e / "flags.pyc").write_bytes(header[:4] + b"\x04\x00\x00\x00" + header[8:])
    (e / "good.pyc").write_bytes(good)
    names = ["junk.x", "empty.x", "short.x", "flags.x", "good.x", "junk"]
    which = _run(interp, root, names, [str(e)], "-S")
    by = {r.name: r for r in which.modules}
    for name in ("junk.x", "empty.x", "short.x", "flags.x", "junk"):
        assert by[name].certain, by[name].uncertain_because
    assert by["junk.x"].error == "ImportError: bad magic number in 'junk': b'not '"
    # a valid .pyc runs code the model cannot read: it may set __path__
    assert not by["good.x"].certain


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_parent_extension_module_runs_native_code(interp: Interp, imports_root: Path) -> None:
    """An extension module as the parent is loaded (dlopen) before its submodule is
    looked for: an empty ``m.abi3.so`` raises "file too short".  The model said
    "__path__ attribute not found on 'm'" (certain); now it doubts."""
    root = imports_root / "fixed-extparent" / interp.id
    touch(root / "e" / "m.abi3.so")
    which = _run(interp, root, ["m", "m.x"], [str(root / "e")], "-S")
    assert which.modules[0].certain and not which.modules[1].certain


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_parent_init_that_fails(interp: Interp, imports_root: Path) -> None:
    """A parent ``__init__`` that raises, or imports what nothing provides, at top level:
    the submodule's find_spec raises that.  The model gave the submodule's spec
    (certain)."""
    root = imports_root / "fixed-raising" / interp.id
    e = root / "e"
    touch(e / "r" / "__init__.py", "raise ImportError('no')\n")
    touch(e / "i" / "__init__.py", "import nosuchmod\n")
    touch(e / "t" / "__init__.py", "try:\n    import nosuchmod\nexcept ImportError:\n    pass\n")
    for p in "rit":
        touch(e / p / "sub.py")
    which = _run(interp, root, ["r", "r.sub", "i.sub", "t.sub"], [str(e)], "-S")
    by = {r.name: r for r in which.modules}
    assert by["r"].certain and by["t.sub"].certain
    assert not by["r.sub"].certain and not by["i.sub"].certain


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_lookalike_imported_by_a_parents_code(interp: Interp, imports_root: Path) -> None:
    """``keyword.py`` on PYTHONPATH, with -S (startup imports neither it nor
    collections, and it is never frozen): ``find_spec('json.decoder')`` imports json,
    and the ``import pkgutil`` of an extend_path package runs, and both import
    collections, whose ``from keyword import iskeyword`` gets the look-alike
    (ImportError).  The model assumed both imports succeed (certain).  Found in the fuzz
    as ``abc.py`` on 3.15d, a debug build, whose frozen modules are off."""
    root = imports_root / "fixed-lookalike" / interp.id
    e = root / "e"
    touch(e / "keyword.py")
    touch(e / "ns" / "__init__.py",
          "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n")
    touch(e / "ns" / "a.py")
    touch(e / "plain" / "__init__.py")
    touch(e / "plain" / "a.py")
    which = _run(interp, root, ["json.decoder", "ns.a", "plain.a", "keyword"], [str(e)], "-S")
    by = {r.name: r for r in which.modules}
    assert not by["json.decoder"].certain and not by["ns.a"].certain
    assert by["plain.a"].certain and by["keyword"].certain  # an empty __init__ imports nothing


@pytest.mark.parametrize("interp", INTERPS, ids=[i.id for i in INTERPS])
def test_site_lookalike_on_pythonpath(interp: Interp, imports_root: Path) -> None:
    """A ``site.py`` on PYTHONPATH replaces site at startup where site is not frozen
    (3.8-3.10, a debug build): nothing adds site-packages or makes sys.path absolute.
    The startup model runs no site then (startup/site.py ``_lookalike_site``), and the
    import model doubts every answer ("startup imports 'site' from ...")."""
    root = imports_root / "fixed-site" / interp.id
    touch(root / "e" / "site.py")
    venv = clean_venv(interp, imports_root)
    script = touch(root / "app" / "probe.py", probe_source(["json"]))
    argv = [str(venv / "bin" / "python"), str(script)]
    env = base_env(PYTHONPATH=str(root / "e"))
    real = run_probe(argv, env, str(root))
    assert real is not None
    which = pywhence.which(["json"], python=argv[0], args=argv[1:], env=env, cwd=str(root))
    assert which.sys_path == real["path"]
    lookalike = [e for e in which.startup.dynamic if e.origin == "site module"]
    if interp.version >= (3, 11) and "d" not in interp.id.rpartition("-")[2]:
        assert not lookalike  # the frozen site answers first
    else:
        assert [e.path for e in lookalike] == [str(root / "e" / "site.py")]
        assert not which.modules[0].certain
