"""A seeded random layout generator for the import differential.

The fixed layouts (:mod:`.layouts`) put one of each thing in a known place.  This module
composes them at random: 2-4 ``PYTHONPATH`` entries (directories, archives with and
without directory entries, ``archive.zip/sub``, a missing path, a file, a symlink loop, a
symlink to a directory, a package directory of an earlier entry, an earlier entry spelled
again; spelled absolute, relative, ``./x``, ``x/``, ``x//``; sometimes an empty one) and a
script directory (or, for ``-c`` and ``-m``, the working directory), filled from a small
pool of names so that they collide across entries: modules (``.py``, sourceless ``.pyc``
compiled by the target, junk ``.pyc``, ``__pycache__`` only, ``.pyw``, ``.PY``, a dash or
a non-ASCII letter in the name), packages (regular, ``__init__.pyc`` only, namespace
portions, pkgutil-style, nested, an extension ``__init__``, an ``__init__`` that imports,
raises or does not parse), extension file names of every tag, a module and a package of
one name, case variants, standard-library look-alikes, and broken things (a directory
named ``x.py`` or ``x.abi3.so``, an ``__init__.py`` that is a directory, symlink loops,
dangling and directory symlinks, a mode-000 directory -- the suite runs as root, so modes
do not matter to either side).  The command line mixes ``-S -I -P -E -s -B -O -OO`` (some
clustered), PYTHONSAFEPATH, ``PYTHONPYCACHEPREFIX`` and ``-X pycache_prefix`` (absolute or
relative), ``-X frozen_modules=on|off``, the run mode (script, a script through a symlink,
``-c``, ``-m``) and, with site, a clean venv.  No run writes bytecode.

Each layout is asked about every name it defines (top-level and dotted), misses, case
variants and some standard-library names: the real interpreter runs
:data:`~.oracle.PROBE` (``importlib.util.find_spec`` as the program's first statements),
``pywhence.which`` computes the same, and :func:`~.oracle.compare` lists the fields that
differ.  A certain answer must match; an uncertain one may differ (it is counted).

A layout depends only on its seed and on the interpreter (its bytecode and tags), so a
mismatch is reproduced by its seed.  By hand (from the checkout)::

    .venv/bin/python -m tests.imports.fuzz_layouts --seeds 0-39
    .venv/bin/python -m tests.imports.fuzz_layouts --seeds 17 --interp 3.12.1 --keep -v
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from .layouts import EXTENSION_TAGS, compile_pycs, touch, write_zip
from .oracle import base_env, compare, probe_source, run_probe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from differential.harness import Interp

__all__ = ["Layout", "Outcome", "build_layout", "main", "run_layout"]

#: The names the layouts share (case variants of one on purpose), and the -m module.
POOL = ("alpha", "beta", "gamma", "delta", "omega", "Alpha", "ALPHA", "kappa")
MODULE = "fuzzprobe"
#: Look-alikes a layout may hold: mostly harmless at startup (nothing startup imports)...
LOOKALIKES = ("json", "random", "email", "calendar", "string", "numpy", "xml")
#: ...and risky ones (startup, site or runpy import them: the start may change or fail).
RISKY = ("types", "abc", "codecs", "os", "site", "encodings", "stat", "io", "warnings")
#: Standard-library names every layout asks about (a few of them).
STDLIB_NAMES = ("json", "json.decoder", "os", "os.path", "sys", "email", "email.mime",
                "random", "encodings", "encodings.utf_8", "collections", "collections.abc",
                "importlib", "importlib.util", "zipimport", "__main__", "site", "abc",
                "types", "string", "_frozen_importlib", "__hello__", "__phello__",
                "__phello__.spam", "xml", "xml.dom", "calendar", "codecs", "_io", "marshal")

EXTEND = "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n"
EXTEND_FROM = "from pkgutil import extend_path\n__path__ = extend_path(__path__, __name__)\n"
TRY_IMPORT = "try:\n    import nosuchmod\nexcept ImportError:\n    pass\n"
#: A .pyc of no Python version (zipimport skips it; FileFinder never reads it).
FOREIGN_PYC = b"\x00\x00\r\n" + bytes(12) + b"c"


class _Dir:
    """A directory to create (its mode, if not the default)."""

    def __init__(self, mode: int | None = None) -> None:
        self.mode = mode


@dataclass(frozen=True)
class _Link:
    target: str  # as written in the symlink


#: What a layout path holds: text, bytes, a directory or a symlink.
Content = Union[str, bytes, _Dir, _Link]


@dataclass
class Layout:
    """One generated case: the command line, environment, working directory and the
    names to ask about, with a description of what was built."""

    seed: int
    argv: list[str]
    env: dict[str, str]
    cwd: str
    names: list[str]
    notes: list[str] = field(default_factory=list)

    def command(self) -> str:
        """A shell command rerunning the real interpreter (for a kept folder)."""
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(self.env.items())
                       if k.startswith("PYTHON"))
        return f"cd {shlex.quote(self.cwd)} && env {env} " + shlex.join(self.argv)


# ---------------------------------------------------------------------------------------
# What a target needs: its bytecode and extension suffixes
# ---------------------------------------------------------------------------------------

_FACTS: dict[str, dict[str, Any]] = {}

_FACTS_CODE = ("import importlib.machinery as m, sys\n"
               "print(repr((sys.implementation.cache_tag, m.EXTENSION_SUFFIXES)))\n")


def target_facts(interp: Interp, scratch: Path) -> dict[str, Any]:
    """Bytecode compiled by *interp* (timestamp and unchecked-hash) and its cache tag and
    extension suffixes, made once per process."""
    if interp.binary in _FACTS:
        return _FACTS[interp.binary]
    import ast

    where = scratch / f"facts-{os.getpid()}-{interp.id}"
    out = subprocess.run([interp.binary, "-I", "-S", "-c", _FACTS_CODE], capture_output=True,
                         text=True, check=True, env={"PATH": "/usr/bin:/bin"}).stdout
    tag, suffixes = ast.literal_eval(out.strip().splitlines()[-1])
    sources = {"empty": "", "x1": "x = 1\n", "extend": EXTEND}
    facts = {"tag": tag, "suffixes": list(suffixes),
             "pyc": compile_pycs(interp.binary, where / "ts", sources),
             "hash": compile_pycs(interp.binary, where / "hash", sources,
                                  invalidation_mode="UNCHECKED_HASH")}
    _FACTS[interp.binary] = facts
    return facts


# ---------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------


class _Gen:
    def __init__(self, seed: int, interp: Interp, root: Path, facts: dict[str, Any]) -> None:
        self.rng = random.Random(seed)
        self.interp = interp
        self.root = root
        self.facts = facts
        self.notes: list[str] = []
        #: Names the layout defines (top-level and dotted) and modules that are not
        #: packages (their dotted names are misses).
        self.defined: list[str] = []
        self.modules: list[str] = []

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, options: Sequence[tuple[Any, float]]) -> Any:
        values = [o for o, _ in options]
        return self.rng.choices(values, weights=[w for _, w in options])[0]

    def pyc(self, kind: str = "x1", *, hashed: bool = False) -> bytes:
        data: bytes = self.facts["hash" if hashed else "pyc"][kind]
        return data

    def ext_tag(self) -> str:
        own = self.facts["suffixes"]
        return str(self.pick([(self.rng.choice(own), 3.0),
                              (self.rng.choice(EXTENSION_TAGS), 2.0)]))

    def define(self, *names: str) -> None:
        for n in names:
            if n not in self.defined:
                self.defined.append(n)


def _subitems(g: _Gen, name: str, base: str, depth: int, zipped: bool) -> dict[str, Content]:
    """Submodules of package *name* whose directory is *base* (relative)."""
    out: dict[str, Content] = {}
    for _ in range(g.rng.randint(0, 3)):
        sub = g.rng.choice(("sub", "leaf", "inner", "Sub"))
        kind = g.pick([("py", 4), ("pyc", 1), ("pkg", 2 if depth < 2 else 0),
                       ("ns", 2 if depth < 2 else 0), ("ext", 0 if zipped else 1)])
        full = f"{name}.{sub}"
        if kind == "py":
            out[f"{base}/{sub}.py"] = "x = 1\n"
            g.modules.append(full)
        elif kind == "pyc":
            out[f"{base}/{sub}.pyc"] = g.pyc(hashed=zipped)
            g.modules.append(full)
        elif kind == "ext":
            out[f"{base}/{sub}{g.ext_tag()}"] = ""
        elif kind == "pkg":
            out[f"{base}/{sub}/__init__.py"] = ""
            out.update(_subitems(g, full, f"{base}/{sub}", depth + 1, zipped))
        else:
            out.update(_subitems(g, full, f"{base}/{sub}", depth + 1, zipped))
            out.setdefault(f"{base}/{sub}/x.py", "")
            g.define(f"{full}.x")
        g.define(full)
    return out


def _dir_items(g: _Gen, name: str) -> dict[str, Content]:
    """One thing named *name* in a directory entry."""
    kind = g.pick([
        ("py", 5), ("pyc", 3), ("junkpyc", 1), ("cacheonly", 1), ("pyw", 0.5),
        ("pkg", 4), ("pkgpyc", 2), ("ns", 4), ("pkgutil", 3), ("ext", 3), ("extpkg", 1),
        ("both", 2), ("dirpy", 1), ("initdir", 1), ("loop", 1), ("dirloop", 0.5),
        ("dangling", 0.5), ("symdir", 1), ("mode000", 0.5), ("badinit", 0.5),
        ("importing", 1.5), ("raising", 0.5), ("odd", 1.5),
    ])
    g.define(name)
    out: dict[str, Content] = {}
    if kind == "py":
        out[f"{name}.py"] = "x = 1\n"
        g.modules.append(name)
    elif kind == "pyc":
        out[f"{name}.pyc"] = g.pyc()
        g.modules.append(name)
    elif kind == "junkpyc":
        out[f"{name}.pyc"] = "not really bytecode"
    elif kind == "cacheonly":
        out[f"__pycache__/{name}.{g.facts['tag']}.pyc"] = g.pyc()
        out[f"__pycache__/{name}.py"] = ""
    elif kind == "pyw":
        out[f"{name}.pyw"] = ""
    elif kind in ("pkg", "pkgpyc", "pkgutil", "extpkg", "both"):
        if kind == "pkgpyc":
            out[f"{name}/__init__.pyc"] = g.pyc(g.rng.choice(("empty", "extend")))
        elif kind == "pkgutil":
            out[f"{name}/__init__.py"] = g.rng.choice((EXTEND, EXTEND_FROM))
        elif kind == "extpkg":
            out[f"{name}/__init__{g.ext_tag()}"] = ""
            if g.chance(0.5):
                out[f"{name}/__init__.py"] = ""
        else:
            out[f"{name}/__init__.py"] = ""
        if kind == "both":
            out[f"{name}.py"] = ""
        out.update(_subitems(g, name, name, 1, False))
    elif kind == "ns":
        out[name] = _Dir()
        out.update(_subitems(g, name, name, 1, False))
    elif kind == "ext":
        out[f"{name}{g.ext_tag()}"] = ""
        if g.chance(0.3):
            out[f"{name}{g.ext_tag()}"] = ""
    elif kind == "dirpy":
        out[f"{name}.py"] = _Dir()
        out[f"{name}.py/x.py"] = ""
    elif kind == "initdir":
        out[f"{name}/__init__.py"] = _Dir()
        out.update(_subitems(g, name, name, 1, False))
    elif kind == "loop":
        out[f"{name}.py"] = _Link(f"{name}.py")
    elif kind == "dirloop":
        out[name] = _Link(name)
    elif kind == "dangling":
        out[f"{name}.py"] = _Link("nowhere/at/all.py")
    elif kind == "symdir":
        target = g.root / "elsewhere" / f"{name}{g.rng.randint(0, 99)}"
        touch(target / "__init__.py", "" if g.chance(0.7) else EXTEND)
        touch(target / "sub.py")
        out[name] = _Link(str(target) if g.chance(0.5) else os.path.relpath(target, g.root))
        g.define(f"{name}.sub")
    elif kind == "mode000":
        out[f"{name}/__init__.py"] = ""
        out[f"{name}/sub.py"] = ""
        out[f"{name}/"] = _Dir(0)
        g.define(f"{name}.sub")
    elif kind == "odd":  # file names find_spec takes literally
        odd = g.rng.choice((f"{name}-x", f"{name}.PY", f"{name}.Pyc", f"caf\u00e9{name}",
                            f"{name}{g.rng.choice(g.facts['suffixes'])}/"))
        if odd.endswith("/"):
            out[odd] = _Dir()  # a directory named like an extension module
        else:
            out[odd if "." in odd else odd + ".py"] = ""
            if "." not in odd:
                g.define(odd)
                if odd.startswith("caf"):
                    g.define(f"cafe\u0301{name}")  # another normal form: another name
        kind = f"odd {odd!r}"
    elif kind in ("badinit", "importing", "raising"):
        out[f"{name}/__init__.py"] = {
            "badinit": "def (:\n", "raising": "raise ImportError('no')\n",
            "importing": g.rng.choice(("from . import sub\n", "import json\n",
                                       "import string, random\n", "import nosuchmod\n",
                                       TRY_IMPORT))}[kind]
        out[f"{name}/sub.py"] = ""
        g.define(f"{name}.sub")
    g.notes.append(f"  {name}: {kind}")
    return out


def _zip_items(g: _Gen, name: str) -> dict[str, Content]:
    """One thing named *name* in an archive (zipimport reads .py and .pyc only)."""
    kind = g.pick([("py", 4), ("pyc", 3), ("pycpy", 2), ("foreign", 1), ("pkg", 4),
                   ("pkgpyc", 2), ("ns", 3), ("pkgutil", 2), ("both", 1), ("ext", 1)])
    g.define(name)
    out: dict[str, Content] = {}
    if kind == "py":
        out[f"{name}.py"] = "x = 1\n"
        g.modules.append(name)
    elif kind == "pyc":
        out[f"{name}.pyc"] = g.pyc(hashed=g.chance(0.5))
        g.modules.append(name)
    elif kind == "pycpy":  # an unchecked hash-based .pyc beside its source: no stale check
        out[f"{name}.pyc"] = g.pyc(hashed=True)
        out[f"{name}.py"] = "x = 1\n"
        g.modules.append(name)
    elif kind == "foreign":
        out[f"{name}.pyc"] = FOREIGN_PYC
        if g.chance(0.5):
            out[f"{name}.py"] = ""
    elif kind == "ext":
        out[f"{name}{g.ext_tag()}"] = ""
    elif kind == "ns":
        out.update(_subitems(g, name, name, 1, True))
        out.setdefault(f"{name}/x.py", "")
        g.define(f"{name}.x")
    else:
        if kind == "pkgpyc":
            out[f"{name}/__init__.pyc"] = g.pyc(g.rng.choice(("empty", "extend")), hashed=True)
        elif kind == "pkgutil":
            out[f"{name}/__init__.py"] = g.rng.choice((EXTEND, EXTEND_FROM))
        else:
            out[f"{name}/__init__.py"] = ""
        if kind == "both":
            out[f"{name}.py"] = ""
        out.update(_subitems(g, name, name, 1, True))
    g.notes.append(f"  {name}: {kind}")
    return out


def _lookalike(g: _Gen, zipped: bool) -> dict[str, Content]:
    name = g.rng.choice(RISKY if g.chance(0.15) else LOOKALIKES)
    g.define(name)
    g.notes.append(f"  {name}: stdlib look-alike")
    if g.chance(0.4) or name in ("email", "xml", "encodings", "numpy"):
        sub = {"email": "mime", "xml": "dom", "encodings": "utf_8", "json": "decoder"}.get(
            name, "sub")
        g.define(f"{name}.{sub}")
        return {f"{name}/__init__.py": "", f"{name}/{sub}.py": ""}
    return {f"{name}.py": ""} if zipped or g.chance(0.7) else {f"{name}.pyc": g.pyc()}


def _fill(g: _Gen, zipped: bool) -> dict[str, Content]:
    """The contents of one directory or archive."""
    out: dict[str, Content] = {}
    for _ in range(g.rng.randint(2, 5)):
        name = g.rng.choice(POOL)
        if g.chance(0.12):
            out.update(_lookalike(g, zipped))
            continue
        items = _zip_items(g, name) if zipped else _dir_items(g, name)
        for k, v in items.items():
            out.setdefault(k, v)
    return out


def _materialise(base: Path, items: dict[str, Content]) -> None:
    base.mkdir(parents=True, exist_ok=True)
    modes: list[tuple[Path, int]] = []
    for rel, content in items.items():
        path = base / rel.rstrip("/")
        try:  # the first of a file and a directory of one name wins (x.py/ and x.py)
            if isinstance(content, _Dir):
                path.mkdir(parents=True, exist_ok=True)
                if content.mode is not None:
                    modes.append((path, content.mode))
                continue
            if path.exists() or path.is_symlink():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, _Link):
                path.symlink_to(content.target)
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content)
        except OSError:  # FileExistsError, NotADirectoryError, ELOOP
            continue
    for path, mode in modes:
        path.chmod(mode)


def _spell(g: _Gen, path: Path) -> str:
    """An entry as PYTHONPATH gives it: absolute, relative to the working directory,
    ``./x``, with a trailing or doubled separator."""
    rel = os.path.relpath(path, g.root)
    return str(g.pick([(str(path), 5), (rel, 2), ("./" + rel, 1), (str(path) + "/", 1),
                       (str(path).replace("/e", "//e", 1), 0.5)]))


def _entry(g: _Gen, i: int) -> str:
    kind = g.pick([("dir", 10), ("zip", 3), ("zipnodirs", 2), ("zipsub", 2),
                   ("missing", 1), ("file", 0.5), ("loop", 0.5), ("notzip", 0.5),
                   ("inside", 1 if i else 0), ("again", 1 if i else 0), ("linkdir", 1)])
    g.notes.append(f"PYTHONPATH[{i}] e{i}: {kind}")
    where = g.root / f"e{i}"
    if kind == "dir":
        _materialise(where, _fill(g, False))
    elif kind in ("zip", "zipnodirs", "zipsub"):
        members = _fill(g, True)
        prefix = ""
        if kind == "zipsub":
            prefix = "sub/"
            members = {**{f"sub/{k}": v for k, v in members.items()}, **_fill(g, True)}
        files = {k: v for k, v in members.items() if isinstance(v, (str, bytes))}
        where = g.root / f"e{i}.zip"
        write_zip(where, files, dirs=kind != "zipnodirs" and g.chance(0.9))
        if prefix:
            return _spell(g, where) + "/" + prefix.rstrip("/")
    elif kind == "file":
        where = touch(g.root / f"e{i}.py", "")
    elif kind == "loop":
        where.symlink_to(where.name)
    elif kind == "notzip":
        where = touch(g.root / f"e{i}.zip", "not an archive")
    elif kind == "inside":  # a package directory of an earlier entry is an entry too
        dirs = sorted(p for p in g.root.glob("e*/*") if p.is_dir() and not p.is_symlink())
        where = g.rng.choice(dirs) if dirs else where
        g.notes[-1] += f" ({where.name})"
    elif kind == "again":  # an earlier entry spelled another way
        where = g.root / f"e{g.rng.randrange(i)}"
        where = where if where.exists() else where.with_suffix(".zip")
        g.notes[-1] += f" ({where.name})"
    elif kind == "linkdir":
        target = g.root / "elsewhere" / f"linked{i}"
        _materialise(target, _fill(g, False))
        where.symlink_to(os.path.relpath(target, g.root))
    return _spell(g, where)


def _flags(g: _Gen) -> tuple[list[str], dict[str, str]]:
    interp = g.interp
    flags: list[str] = []
    env: dict[str, str] = {}
    if g.chance(0.6):
        flags.append("-S")
    if g.chance(0.1):
        flags.append("-I")
    elif g.chance(0.1):
        flags.append("-E")
    if interp.at_least(3, 11) and g.chance(0.15):
        flags.append("-P")
    elif interp.at_least(3, 11) and g.chance(0.1):
        env["PYTHONSAFEPATH"] = "1"
    if g.chance(0.2) or _has(flags, "I") or _has(flags, "E"):
        flags.append("-B")  # never write __pycache__ (-E and -I ignore the variable)
    if g.chance(0.1):
        flags.append("-s")
    if g.chance(0.2):
        flags.append(g.rng.choice(("-O", "-OO")))
    if g.chance(0.25):
        prefix = g.rng.choice(("/tmp/pfx", "rel/pfx", str(g.root / "pfx")))
        if g.chance(0.3):
            flags += ["-X", f"pycache_prefix={prefix}"]
        else:
            env["PYTHONPYCACHEPREFIX"] = prefix
    if interp.at_least(3, 11) and g.chance(0.3):
        flags += ["-X", g.pick([("frozen_modules=off", 3), ("frozen_modules=on", 1)])]
    if g.chance(0.1) and len(flags) >= 2 and all(f.startswith("-") and len(f) == 2
                                                   for f in flags):
        flags = ["-" + "".join(f[1] for f in flags)]  # clustered: -SBO
    return flags, env


def _has(flags: list[str], letter: str) -> bool:
    """Whether a one-letter option is given (alone or clustered, ``-SBO``)."""
    return any(f.startswith("-") and not f.startswith("-X") and letter in f for f in flags)


def build_layout(seed: int, interp: Interp, root: Path, scratch: Path) -> Layout:
    """Build the layout of *seed* for *interp* under *root* (an empty directory).  With
    site, the interpreter is mostly a clean venv of *interp* made under *scratch* (the
    base installs' site-packages run code from a .pth file: every answer is uncertain)."""
    g = _Gen(seed, interp, root, target_facts(interp, scratch))
    entries = [_entry(g, i) for i in range(g.rng.randint(2, 4))]
    if g.chance(0.1):
        entries.insert(g.rng.randint(0, len(entries)), "")
    mode = g.pick([("script", 6), ("c", 3), ("m", 1)])
    flags, env = _flags(g)
    if mode == "m" and (_has(flags, "I") or _has(flags, "P") or "PYTHONSAFEPATH" in env):
        mode = "c"  # -m needs the working directory on sys.path
    app = root / "app" if mode == "script" else root
    g.notes.append(f"{'script directory' if mode == 'script' else 'working directory'}:")
    _materialise(app, _fill(g, False))
    names = _names(g)
    python = interp.binary
    from .conftest import clean_venv  # here: it needs the tests folder on sys.path
    if not _has(flags, "S") and g.chance(0.8):
        python = str(clean_venv(interp, scratch) / "bin" / "python")
        g.notes.append(f"interpreter: a clean venv {python}")
    if mode == "script":
        script = app / f"{MODULE}.py"
        script.write_text(probe_source(names))
        if g.chance(0.15):  # sys.path[0] is the directory of the script the link names
            link = root / "bin" / "run.py"
            link.parent.mkdir()
            link.symlink_to(script)
            script = link
            g.notes.append(f"script run through the symlink {link}")
        argv = [python, *flags, str(script)]
    elif mode == "m":
        (root / f"{MODULE}.py").write_text(probe_source(names))
        argv = [python, *flags, "-m", MODULE]
    else:
        argv = [python, *flags, "-c", probe_source(names)]
    # no run writes bytecode: a __pycache__ the probe made would be there for the model
    env = base_env(PYTHONPATH=os.pathsep.join(entries), PYTHONDONTWRITEBYTECODE="1", **env)
    g.notes.insert(0, f"seed {seed} for {interp.id}: {mode} {' '.join(flags)} "
                      f"PYTHONPATH={env['PYTHONPATH']}"
                      + "".join(f" {k}={v}" for k, v in env.items()
                                if k in ("PYTHONPYCACHEPREFIX", "PYTHONSAFEPATH")))
    return Layout(seed, argv, env, str(root), names, g.notes)


def _names(g: _Gen) -> list[str]:
    """Every name the layout defines, misses, case variants, standard-library names."""
    names = list(g.defined)
    for n in list(g.defined):
        top = n.partition(".")[0]
        for variant in (top.lower(), top.upper(), top.title()):
            if variant not in names:
                names.append(variant)
        if "." not in n and g.chance(0.4):
            names.append(f"{n}.nosuch")
    names += [f"{m}.x" for m in g.modules if g.chance(0.5)]
    names += ["nosuch", "nosuch.x", "__pycache__"]
    names += g.rng.sample(STDLIB_NAMES, 6)
    if g.chance(0.1):
        names.append(".rel")
    if g.chance(0.15):
        names += g.rng.sample(("", "alpha.", "alpha..x", "1abc", "a b", "alpha-x.y"), 2)
    seen: dict[str, None] = {}
    for n in names:
        seen.setdefault(n, None)
    return list(seen)


# ---------------------------------------------------------------------------------------
# Running a layout
# ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    seed: int
    interp: str
    layout: Layout
    #: Certain answers that differ from the real ones ("name: field ...").
    wrong: list[str] = field(default_factory=list)
    doubtful: int = 0
    certain: int = 0
    total: int = 0
    #: The program never ran (startup failed).
    no_start: bool = False
    #: Differences that :func:`known_issue` explains (reported, not failures).
    known: list[str] = field(default_factory=list)
    #: A reason for doubt every answer shares (unknown code at startup...), if any.
    common_doubt: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.wrong)


def run_layout(seed: int, interp: Interp, root: Path, scratch: Path) -> Outcome:
    """Build the layout of *seed*, run the real interpreter and the model, compare."""
    import pywhence

    layout = build_layout(seed, interp, root, scratch)
    which = pywhence.which(layout.names, python=layout.argv[0], args=layout.argv[1:],
                           env=layout.env, cwd=layout.cwd)
    real = run_probe(layout.argv, layout.env, layout.cwd)
    o = Outcome(seed, interp.id, layout, total=len(layout.names))
    o.certain = sum(r.certain for r in which.modules)
    shared = set.intersection(*(set(r.uncertain_because) for r in which.modules))
    o.common_doubt = min(shared) if shared else None
    if real is None:
        o.no_start = True
        sure = [r.name for r in which.modules if r.certain]
        if not which.fatal and sure:
            o.wrong.append(f"startup fails, yet certain answers for {sure}")
        return o
    if real["path"] != which.sys_path:
        diff = f"sys.path: model {which.sys_path!r} real {real['path']!r}"
        (o.known if known_issue(which) else o.wrong).append(diff)
    for res in which.modules:
        diff = compare(res, real["results"][res.name])
        if not diff:
            continue
        if res.certain:
            o.wrong.append(f"{res.name}: " + "; ".join(diff))
        else:
            o.doubtful += 1
    return o


def known_issue(which: Any) -> str | None:
    """Why ``sys.path`` may differ, when it is a known defect of the startup model (not of
    the import model, which doubts every answer then)."""
    reasons = {w for r in which.modules for w in r.uncertain_because}
    if any(w.startswith("startup imports 'site' from ") for w in reasons):
        return ("a site.py look-alike before the standard library replaces site at "
                "startup; the startup model still applies the real site to sys.path")
    return None


def format_outcome(o: Outcome, *, verbose: bool = False) -> str:
    lines = [f"seed {o.seed} [{o.interp}]: {len(o.wrong)} wrong, {o.doubtful} doubtful, "
             f"{o.certain}/{o.total} certain" + (" (did not start)" if o.no_start else "")
             + (f", {len(o.known)} known" if o.known else "")]
    if o.wrong or verbose:
        lines += ["  " + n for n in o.layout.notes]
        lines += ["  WRONG " + w for w in o.wrong]
        lines.append("  rerun: " + o.layout.command().replace(probe_source(o.layout.names),
                                                               "<probe>"))
    return "\n".join(lines)


def _parse_seeds(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def _worker(job: tuple[int, str, str, bool]) -> tuple[str, bool, int, int, int]:
    seed, interp_id, base, verbose = job
    from differential.harness import discover_interpreters

    interp = next(i for i in discover_interpreters() if i.id == interp_id)
    root = Path(base) / f"{seed}-{interp_id}"
    root.mkdir(parents=True)
    o = run_layout(seed, interp, root, Path(base))
    return format_outcome(o, verbose=verbose), o.failed, o.certain, o.total, o.doubtful


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="0-39", help="e.g. 0-39 or 3,7,10-12")
    parser.add_argument("--interp", action="append", help="interpreter id (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the layouts' folders")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    tests = str(Path(__file__).resolve().parents[1])
    if tests not in sys.path:
        sys.path.insert(0, tests)  # differential.harness, as pytest's rootdir gives it
    from differential.harness import discover_interpreters

    from .conftest import clean_venv

    interps = [i for i in discover_interpreters() if not args.interp or i.id in args.interp]
    base = os.path.realpath(tempfile.mkdtemp(prefix="pywhence-fuzz-imports-"))
    jobs = [(s, i.id, base, args.verbose) for s in _parse_seeds(args.seeds) for i in interps]
    for i in interps:
        clean_venv(i, Path(base))  # before the workers, which find them made
    tally: Counter[str] = Counter()
    start = time.monotonic()
    try:
        if args.jobs > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(args.jobs) as pool:
                results = list(pool.map(_worker, jobs))
        else:
            results = [_worker(j) for j in jobs]
        for (text, failed, certain, total, doubtful), job in zip(results, jobs):
            tally["layouts"] += 1
            tally["failed"] += failed
            tally["certain"] += certain
            tally["names"] += total
            tally["doubtful"] += doubtful
            tally[f"failed {job[1]}"] += failed
            if failed or args.verbose:
                print(text)
    finally:
        if args.keep:
            print(f"kept in {base}")
        else:
            for dirpath, dirnames, _files in os.walk(base):
                for d in dirnames:
                    os.chmod(os.path.join(dirpath, d), 0o755)
            shutil.rmtree(base, ignore_errors=True)
    print(f"{tally['layouts']} layouts ({len(interps)} interpreters), {tally['failed']} "
          f"failed; {tally['names']} names asked, {tally['certain']} certain, "
          f"{tally['doubtful']} uncertain and different; {time.monotonic() - start:.0f} s")
    for key in sorted(k for k in tally if k.startswith("failed ") and tally[k]):
        print(f"  {key}: {tally[key]}")
    return 1 if tally["failed"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
