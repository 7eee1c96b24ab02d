"""A seeded random layout generator for the differential suite.

The hand-written scenarios (:mod:`scenarios`) mostly vary one thing at a time.  This
module composes several features per layout, chosen by a seeded RNG: a base install
(the interpreter itself, a relocated copy, a lone copy), a front (a hand-made venv, a
venv inside a venv, symlink chains, symlinked directories), the way argv[0] is typed
(absolute, relative, ``./``, ``x/../x``, a bare name found on a PATH with empty or ``.``
entries), the working directory (a symlinked one), the environment (``PYTHONHOME``,
``PYTHONPATH``, ``PYTHONPLATLIBDIR``, ``PYTHONNOUSERSITE``, ``PYTHONUSERBASE``,
``PYTHONSAFEPATH``, ``HOME``), files the startup reads (``pyvenv.cfg`` spellings,
``._pth`` beside the executable, ``pybuilddir.txt``, ``.pth`` files in every site dir,
``sitecustomize``/``usercustomize``), CPython's flags (``-I -E -s -S -P``, clustered or
not) and the run mode (``-c``, script, directory, zipapp, ``-m``, ``-``, no argument).

Each layout is built for real with the harness's :class:`~harness.Workspace`, run by the
real interpreter (and its ``-S`` twin) through :func:`~harness.run_oracles`, computed by
``pywhence.compute`` (:func:`~harness.run_model`) and compared with
:func:`~harness.compare`.  The real interpreters are the expectation: nothing here knows
what the answer should be.

A layout depends only on its seed (and on the interpreter it is built for: version
numbers appear in file names), so a mismatch is reproduced by its seed.  By hand::

    python -m tests.differential.fuzz_layouts --seeds 0-2000
    python -m tests.differential.fuzz_layouts --seeds 17 --interp 3.12.1 --keep -v

Every mismatch is printed with the layout's description, the fields that differ and a
shell command that reruns the real interpreter in the kept folder.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .harness import (
    MARK,
    Case,
    Interp,
    Mismatch,
    Real,
    Workspace,
    compare,
    discover_interpreters,
    relocate_stdlib,
    run_model,
    run_oracles,
    shell_command,
)

__all__ = [
    "Outcome",
    "build_layout",
    "main",
    "run_layout",
]

#: The module name ``-m`` runs.
MODULE = "probe_mod"

#: The harness's probe, but importing nothing but ``sys``: it writes the same JSON line
#: with a small encoder.  (The harness's PROBE imports ``json``, which a start that
#: succeeded may still be unable to import: 3.8-3.10 getpath.c finds the stdlib through
#: a path like ``<link>/../../lib`` that the kernel resolves after the symlink, and
#: site's lexical normalisation then turns it into a directory that does not exist.)
FPROBE = (
    "import sys\n"
    "def e(v):\n"
    "    if v is None: return 'null'\n"
    "    if v is True or v is False: return 'true' if v else 'false'\n"
    "    if isinstance(v, int): return str(v)\n"
    "    if isinstance(v, str):\n"
    "        out = []\n"
    "        for c in v:\n"
    "            o = ord(c)\n"
    "            if 32 <= o < 127 and c not in '\"\\\\': out.append(c)\n"
    "            elif o > 0xFFFF: o -= 0x10000; out.append('\\\\u%04x\\\\u%04x' % (0xD800 + (o >> 10), 0xDC00 + (o & 0x3FF)))\n"
    "            else: out.append('\\\\u%04x' % o)\n"
    "        return '\"' + ''.join(out) + '\"'\n"
    "    if isinstance(v, dict): return '{' + ','.join(e(k) + ':' + e(x) for k, x in v.items()) + '}'\n"
    "    return '[' + ','.join(e(x) for x in v) + ']'\n"
    "d = {k: getattr(sys, k, None) for k in ('executable', '_base_executable', 'prefix',\n"
    "     'exec_prefix', 'base_prefix', 'base_exec_prefix', 'path', 'platlibdir')}\n"
    "f = sys.flags\n"
    "d['flags'] = {'isolated': f.isolated, 'ignore_environment': f.ignore_environment,\n"
    "     'no_user_site': f.no_user_site, 'no_site': f.no_site,\n"
    "     'safe_path': getattr(f, 'safe_path', False)}\n"
    "d['version'] = list(sys.version_info[:3])\n"
    f"sys.stdout.write({MARK!r} + e(d) + '\\n')\n"
)


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------


def _weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    names = [n for n, _ in options]
    weights = [w for _, w in options]
    return rng.choices(names, weights)[0]


def _relocate_stdlib(interp: Interp, dest: Path) -> None:
    """``dest/lib/pythonX.Y`` as in :meth:`Workspace.relocated`, but private to one layout
    (so .pth files may be written into its site-packages)."""
    relocate_stdlib(interp, dest)


class LayoutImpossible(Exception):
    """The layout cannot be built for this interpreter (said why)."""


@dataclass
class _Gen:
    """The state of one layout while it is being built."""

    rng: random.Random
    ws: Workspace
    desc: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    #: site-packages folders inside the layout (a .pth or sitecustomize may go there).
    site_dirs: list[Path] = field(default_factory=list)
    #: Folders where probe_mod.py is written, so ``-m probe_mod`` finds it.
    module_dirs: list[Path] = field(default_factory=list)
    counter: int = 0

    @property
    def root(self) -> Path:
        return self.ws.root

    @property
    def interp(self) -> Interp:
        return self.ws.interp

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def show(self, value: object) -> str:
        """A path or text with the case folder and the interpreter's prefix abbreviated."""
        text = str(value)
        text = text.replace(str(self.root), "$ROOT")
        if self.interp.prefix not in ("/", "/usr"):
            text = text.replace(self.interp.prefix, "$PREFIX")
        return text

    def note(self, line: str) -> None:
        self.desc.append(self.show(line))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def inside(self, p: str | Path) -> bool:
        """Whether a path really lies in the case folder (we may write there)."""
        real = os.path.realpath(p)
        return real == str(self.root) or real.startswith(str(self.root) + os.sep)


# ---------------------------------------------------------------------------------------
# The base install and what stands in front of it
# ---------------------------------------------------------------------------------------


@dataclass
class _Install:
    exe: Path  # the executable to run (or to point a venv at)
    prefix: Path  # where its stdlib lives (for PYTHONHOME, ._pth lines)
    bindir: Path


def _base(g: _Gen) -> _Install:
    i = g.interp
    kind = _weighted(g.rng, [("interp", 6), ("relocated", 2.5), ("lone-copy", 0.7),
                             ("symlinked-lib", 1.2)])
    zip_landmark = g.chance(0.2)
    py3_link = g.chance(0.4)
    lib64_link = g.chance(0.2)
    if kind == "interp":
        g.note(f"base: the interpreter itself ({i.binary})")
        return _Install(Path(i.binary), Path(i.prefix), Path(i.bindir))
    if kind == "symlinked-lib":
        # A copy of the install's bin/ (its symlinks kept) beside a symlink to its lib/.
        r = g.root / "slib"
        (r / "bin").mkdir(parents=True)
        shutil.copy2(i.binary, r / "bin" / i.exe_name)
        if py3_link:
            os.symlink(i.exe_name, r / "bin" / "python3")
        os.symlink(os.path.join(i.prefix, "lib"), r / "lib")
        if lib64_link:
            os.symlink("lib", r / "lib64")
        g.note(f"base: $ROOT/slib: bin/{i.exe_name} copied{', bin/python3 link' if py3_link else ''}, "
               f"lib -> {i.prefix}/lib{', lib64 -> lib' if lib64_link else ''}")
        return _Install(r / "bin" / i.exe_name, r, r / "bin")
    if kind == "lone-copy":
        exe = g.ws.copy_binary(f"solo/bin/{i.exe_name}")
        g.note("base: a lone copy of the binary at $ROOT/solo/bin (no stdlib beside it)")
        return _Install(exe, g.root / "solo", exe.parent)
    r = g.root / "reloc"
    (r / "bin").mkdir(parents=True)
    shutil.copy2(i.binary, r / "bin" / i.exe_name)
    _relocate_stdlib(i, r)
    extra = ""
    if py3_link:
        os.symlink(i.exe_name, r / "bin" / "python3")
        extra += ", bin/python3 -> pythonX.Y"
    if lib64_link:
        os.symlink("lib", r / "lib64")
        extra += ", lib64 -> lib"
    if zip_landmark:
        with zipfile.ZipFile(r / "lib" / f"python{i.version[0]}{i.version[1]}.zip", "w") as z:
            z.writestr("zipped_marker.py", "")
        extra += ", lib/pythonXY.zip"
    # Debian's site.py looks in <prefix>/lib/python3/dist-packages instead.
    sp = r / "lib" / (f"python{i.version[0]}/dist-packages" if i.debian else f"python{i.xy}/site-packages")
    sp.mkdir(parents=True, exist_ok=True)
    g.site_dirs.append(sp)
    g.note(f"base: relocated copy at $ROOT/reloc (bin/ copied, stdlib entries symlinked{extra})")
    return _Install(r / "bin" / i.exe_name, r, r / "bin")


def _cfg_text(g: _Gen, home: str | None, venv: Path) -> bytes:
    """A pyvenv.cfg in one of the spellings people (and tools) write."""
    rng = g.rng
    sep = rng.choice([" = ", "=", "  =  ", "\t=\t", " ="])
    eol = "\r\n" if g.chance(0.15) else "\n"
    lines: list[str] = []
    sys_site = _weighted(rng, [("absent", 4), ("false", 3), ("true", 3), ("True", 1),
                               (" TRUE ", 0.5), ("yes", 0.5), ("false   ", 0.5)])
    extra = g.chance(0.4)
    home_key = "home" if g.chance(0.92) else "Home"
    home_last = g.chance(0.5)
    comment = g.chance(0.2)
    bom = g.chance(0.08)
    no_final_eol = g.chance(0.15)
    dup_home = g.chance(0.08)
    if comment:
        lines.append("# written by fuzz_layouts")
    if sys_site != "absent":
        lines.append(f"include-system-site-packages{sep}{sys_site}")
    if extra:
        v = ".".join(map(str, g.interp.version))
        lines += [f"version{sep}{v}", f"executable{sep}{g.interp.binary}",
                  f"command{sep}{g.interp.binary} -m venv {venv}", f"prompt{sep}'fuzz = 1'"]
    if home is not None:
        entry = [f"{home_key}{sep}{home}"]
        if dup_home:
            entry.insert(0, f"home{sep}/nonexistent/bin")
        lines = lines + entry if home_last else entry + lines
    text = eol.join(lines) + ("" if no_final_eol else eol)
    g.note(f"  pyvenv.cfg: {text!r}" + (" with a UTF-8 BOM" if bom else ""))
    data = text.encode()
    return (b"\xef\xbb\xbf" + data) if bom else data


def _venv(g: _Gen, base: _Install, name: str) -> _Install:
    """A hand-made venv over *base* (bin/<name> a symlink or a copy, a pyvenv.cfg)."""
    rng, i = g.rng, g.interp
    vroot = g.root / name
    exe_name = rng.choice(["python", "python3", f"python{i.xy}"])
    how = _weighted(rng, [("symlink-abs", 4), ("symlink-rel", 2), ("copy", 2)])
    home_kind = _weighted(rng, [("bindir", 8), ("trailing-slash", 1.5), ("linked-bindir", 1),
                                ("linked-prefix", 1), ("relative-to-cwd", 0.5), ("missing-key", 0.5),
                                ("nowhere", 0.5), ("unnormalised", 0.7)])
    also_python_links = g.chance(0.5)
    lib64 = g.chance(0.4)
    (vroot / "bin").mkdir(parents=True)
    exe = vroot / "bin" / exe_name
    if how == "copy":
        shutil.copy2(os.path.realpath(base.exe), exe)
    elif how == "symlink-abs":
        os.symlink(base.exe, exe)
    else:
        os.symlink(os.path.relpath(base.exe, exe.parent), exe)
    if also_python_links:
        for other in ("python", "python3", f"python{i.xy}"):
            if other != exe_name:
                os.symlink(exe_name, vroot / "bin" / other)
    sp = vroot / "lib" / f"python{i.xy}" / "site-packages"
    sp.mkdir(parents=True)
    if lib64:
        os.symlink("lib", vroot / "lib64")
    g.site_dirs.append(sp)
    bindir = str(base.bindir)
    home: str | None
    if home_kind == "bindir":
        home = bindir
    elif home_kind == "trailing-slash":
        home = bindir + "/"
    elif home_kind == "linked-bindir":
        link = g.root / g.fresh("homelink")
        os.symlink(bindir, link)
        home = str(link)
    elif home_kind == "linked-prefix":
        link = g.root / g.fresh("pfxlink")
        os.symlink(os.path.dirname(bindir), link)
        home = f"{link}/bin"
    elif home_kind == "relative-to-cwd":
        home = os.path.relpath(bindir, g.root)
    elif home_kind == "unnormalised":
        home = f"{os.path.dirname(bindir)}/./bin/../bin"
    elif home_kind == "missing-key":
        home = None
    else:
        home = str(g.root / "nowhere" / "bin")
    g.note(f"venv at $ROOT/{name}: bin/{exe_name} = {how} of {g.show(base.exe)}"
           f"{', other pythonX names linked' if also_python_links else ''}"
           f"{', lib64 -> lib' if lib64 else ''}; home kind {home_kind}")
    cfg_in_bin = g.chance(0.07)
    (vroot / ("bin/pyvenv.cfg" if cfg_in_bin else "pyvenv.cfg")).write_bytes(_cfg_text(g, home, vroot))
    if cfg_in_bin:
        g.note("  (pyvenv.cfg is in bin/, beside the executable)")
    return _Install(exe, vroot, vroot / "bin")


def _symlink_chain(g: _Gen, target: Path) -> Path:
    """1-3 links in front of *target* (relative or absolute), maybe reached through a
    symlinked directory."""
    rng = g.rng
    n = rng.choice([1, 1, 2, 3])
    names = [rng.choice(["python", "python3", "py", f"python{g.interp.xy}", "pyfuzz"])
             for _ in range(n)]
    rels = [g.chance(0.5) for _ in range(n)]
    # Link directories at various depths: a relative link read through a symlinked
    # directory then climbs ('..') differently for the kernel and for a lexical join.
    depths = [rng.choice([0, 0, 1, 2]) for _ in range(n)]
    via_dir = g.chance(0.35)
    cur = target
    parts = []
    for k in range(n):
        d = g.root.joinpath(*(["deep"] * depths[k])) / g.fresh("links")
        d.mkdir(parents=True)
        link = d / names[k]
        dest = os.path.relpath(cur, d) if rels[k] else str(cur)
        os.symlink(dest, link)
        parts.append(f"{g.show(link)} -> {g.show(dest)}")
        cur = link
    if via_dir:
        dl = g.root / g.fresh("dirlink")
        os.symlink(cur.parent, dl)
        cur = dl / cur.name
        parts.append(f"reached through {g.show(dl)} -> {g.show(cur.parent.resolve())}")
    g.note("symlink chain: " + "; ".join(parts))
    return cur


# ---------------------------------------------------------------------------------------
# ._pth, pybuilddir.txt
# ---------------------------------------------------------------------------------------


def _pth_file(g: _Gen, launched: Path, base: _Install) -> None:
    rng, i = g.rng, g.interp
    beside = rng.choice(["launched", "real"])
    lines_n = rng.randint(1, 6)
    kinds = [_weighted(rng, [("stdlib-abs", 3), ("dynload-abs", 2), ("dot", 1), ("dotdot", 1),
                             ("comment", 1), ("blank", 1), ("import-site", 2), ("nowhere", 1),
                             ("rel-dir", 1), ("import-other", 0.5), ("indented", 0.5)])
             for _ in range(lines_n)]
    must_stdlib = g.chance(0.85)
    crlf = g.chance(0.1)
    where = launched if beside == "launched" else Path(os.path.realpath(launched))
    if not g.inside(where.parent) or (beside == "launched" and not g.inside(where)):
        # Never write beside the real interpreters.
        if not g.inside(launched.parent):
            return
        where = launched
    stdlib = f"{base.prefix}/lib/python{i.xy}" if (Path(base.prefix) / "lib").exists() else i.stdlib
    if not os.path.isdir(stdlib):
        stdlib = i.stdlib
    lines: list[str] = []
    if must_stdlib:
        lines += [stdlib, f"{stdlib}/lib-dynload"]
    for k in kinds:
        if k == "stdlib-abs":
            lines.append(i.stdlib)
        elif k == "dynload-abs":
            lines.append(f"{i.stdlib}/lib-dynload")
        elif k == "dot":
            lines.append(".")
        elif k == "dotdot":
            lines.append("..")
        elif k == "comment":
            lines.append("# a comment")
        elif k == "blank":
            lines.append("")
        elif k == "import-site":
            lines.append("import site")
        elif k == "nowhere":
            lines.append(str(g.root / "nowhere"))
        elif k == "rel-dir":
            d = g.fresh("pthrel")
            (where.parent / d).mkdir()
            lines.append(d)
        elif k == "import-other":
            lines.append("import os")
        else:
            lines.append("  " + i.stdlib)
    rng.shuffle(lines)
    naming = _weighted(rng, [("exact", 8), ("wrong", 1), ("both-places", 1)])
    name = where.name + "._pth"
    if naming == "wrong":
        name = ("python3" if where.name != "python3" else "python") + "._pth"
    elif naming == "both-places" and g.inside(os.path.realpath(launched)) and where != launched:
        other = launched.parent / (launched.name + "._pth")
        other.write_text(f"{i.stdlib}\n{i.stdlib}/lib-dynload\nimport site\n")
        g.note(f"._pth {g.show(other)} too (stdlib, lib-dynload, import site)")
    text = ("\r\n" if crlf else "\n").join(lines) + "\n"
    (where.parent / name).write_text(text)
    g.note(f"._pth {g.show(where.parent / name)}: {g.show(repr(text))}")


def _pybuilddir(g: _Gen, launched: Path) -> None:
    real = Path(os.path.realpath(launched))
    kind = _weighted(g.rng, [("existing-dir", 2), ("missing-dir", 1), ("empty", 1),
                             ("with-setup-local", 1)])
    if not g.inside(real.parent):
        return
    d = real.parent
    if kind == "empty":
        (d / "pybuilddir.txt").write_text("")
    else:
        (d / "pybuilddir.txt").write_text("build/lib.fuzz\n")
        if kind != "missing-dir":
            (d / "build" / "lib.fuzz").mkdir(parents=True, exist_ok=True)
        if kind == "with-setup-local":
            (d / "Modules").mkdir(exist_ok=True)
            (d / "Modules" / "Setup.local").write_text("")
    g.note(f"pybuilddir.txt beside {g.show(real)} ({kind})")


# ---------------------------------------------------------------------------------------
# .pth files, customize modules
# ---------------------------------------------------------------------------------------


def _pth_lines(g: _Gen, site: Path) -> list[str]:
    rng = g.rng
    out: list[str] = []
    for _ in range(rng.randint(1, 6)):
        k = _weighted(rng, [("abs", 4), ("rel", 2), ("dotdot", 1.5), ("comment", 1), ("blank", 1),
                            ("nowhere", 1.5), ("dup", 1), ("file", 0.7), ("trailing-space", 1),
                            ("leading-space", 0.7), ("import-ok", 1), ("import-fails", 0.7),
                            ("import-tab", 0.4), ("site-itself", 0.4), ("space-dir", 0.5),
                            ("distutils-precedence", 0.12), ("virtualenv", 0.3), ("symlink-dir", 0.5)])
        if k == "abs":
            d = g.root / g.fresh("pthdir")
            d.mkdir()
            out.append(str(d))
        elif k == "rel":
            name = g.fresh("relpth")
            (site / name).mkdir()
            out.append(name)
        elif k == "dotdot":
            d = g.root / g.fresh("up")
            d.mkdir()
            out.append(os.path.relpath(d, site))
        elif k == "comment":
            out.append("# comment " + g.fresh("c"))
        elif k == "blank":
            out.append("")
        elif k == "nowhere":
            out.append(str(g.root / g.fresh("missing")))
        elif k == "dup":
            out.append(out[-1] if out else str(site))
        elif k == "file":
            f = g.root / g.fresh("afile")
            f.write_text("")
            out.append(str(f))
        elif k == "trailing-space":
            d = g.root / g.fresh("tsp")
            d.mkdir()
            out.append(f"{d}   ")
        elif k == "leading-space":
            d = g.root / g.fresh("lsp")
            d.mkdir()
            out.append(f"  {d}")
        elif k == "import-ok":
            out.append("import os")
        elif k == "import-fails":
            out.append("import no_such_module_fuzz")
        elif k == "distutils-precedence":
            out.append("import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, "
                       "'local') == 'local'; enabled and __import__('_distutils_hack').add_shim(); ")
        elif k == "virtualenv":
            out.append("import _virtualenv")
        elif k == "symlink-dir":
            d = g.root / g.fresh("pthtarget")
            d.mkdir()
            link = g.root / g.fresh("pthlink")
            os.symlink(d, link)
            out.append(str(link))
        elif k == "import-tab":
            out.append("import\tos")
        elif k == "site-itself":
            out.append(str(site))
        else:
            d = g.root / g.fresh("with space ")
            d.mkdir()
            out.append(str(d))
    return out


def _pth_files(g: _Gen, site: Path) -> None:
    rng = g.rng
    n = rng.randint(1, 3)
    for _ in range(n):
        name = rng.choice(["a", "B", "zz", "_x", "10", "9", "Upper", ".hidden", "x y", "a-b"])
        suffix = ".pth" if g.chance(0.92) else ".PTH"
        enc = _weighted(rng, [("plain", 8), ("crlf", 1), ("bom", 0.7), ("non-utf8", 0.4),
                              ("no-final-eol", 1)])
        lines = _pth_lines(g, site)
        eol = "\r\n" if enc == "crlf" else "\n"
        text = eol.join(lines) + ("" if enc == "no-final-eol" else eol)
        data = text.encode()
        if enc == "bom":
            data = b"\xef\xbb\xbf" + data
        elif enc == "non-utf8":
            data += b"/caf\xe9\xff\n"
        path = site / f"{name}{suffix}"
        mode = "ab" if path.exists() else "wb"
        with open(path, mode) as f:
            f.write(data)
        g.note(f".pth {g.show(path)} ({enc}): {g.show(repr(text))}")


def _customize(g: _Gen, candidates: list[Path]) -> None:
    if not candidates:
        return
    rng = g.rng
    which = rng.choice(["sitecustomize", "usercustomize"])
    where = rng.choice(candidates)
    body = _weighted(rng, [("harmless", 3), ("raises", 1), ("imports-missing", 1)])
    text = {"harmless": "import os\n", "raises": "raise RuntimeError('fuzz')\n",
            "imports-missing": "import no_such_module_fuzz2\n"}[body]
    (where / f"{which}.py").write_text(text)
    g.note(f"{which}.py in {g.show(where)} ({body})")


# ---------------------------------------------------------------------------------------
# The layout
# ---------------------------------------------------------------------------------------


def build_layout(seed: int, ws: Workspace) -> tuple[Case, list[str]]:
    """Build layout number *seed* in ``ws.root``; return the case and its description."""
    g = _Gen(random.Random(seed), ws)
    rng, i, root = g.rng, g.interp, g.root
    env = ws.env()
    g.env = env

    # -- what is run ------------------------------------------------------------------
    base = _base(g)
    front = _weighted(rng, [("plain", 3), ("venv", 4), ("venv-in-venv", 1), ("real-venv", 0.8)])
    vname = rng.choice(["venv", "venv", "venv", "my venv", "v\u00e9nv", ".venv"])
    nested = g.chance(0.5)
    inst = base
    if front in ("venv", "venv-in-venv"):
        inst = _venv(g, base, vname)
        if front == "venv-in-venv":
            inst = _venv(g, inst, f"{vname}/inner" if nested else "inner venv")
    elif front == "real-venv":
        opts = [o for o, p in (("--copies", 0.3), ("--system-site-packages", 0.4)) if g.chance(p)]
        made = subprocess.run([str(base.exe), "-m", "venv", "--without-pip", *opts, str(root / vname)],
                              capture_output=True, env=ws.env(), timeout=120, check=False)
        if made.returncode != 0:  # the base does not start (a lone copy): nothing to run
            raise LayoutImpossible(f"{g.show(base.exe)} -m venv failed")
        exe_name = rng.choice(["python", "python3", f"python{i.xy}"])
        inst = _Install(root / vname / "bin" / exe_name, root / vname, root / vname / "bin")
        g.site_dirs.append(root / vname / "lib" / f"python{i.xy}" / "site-packages")
        g.note(f"venv made by {g.show(base.exe)} -m venv {' '.join(opts)} at $ROOT/{vname}; "
               f"run as bin/{exe_name}")
    launched = inst.exe
    if g.chance(0.3 if front != "plain" or base.exe != Path(i.binary) else 0.5):
        launched = _symlink_chain(g, launched)

    # -- files beside the executable --------------------------------------------------
    want_pth = g.chance(0.25)
    want_builddir = g.chance(0.1)
    if want_pth:
        _pth_file(g, launched, base)
    if want_builddir:
        _pybuilddir(g, launched)

    # -- argv[0] and the working directory ---------------------------------------------
    argv_kind = _weighted(rng, [("abs", 5), ("relative", 2), ("dot-slash", 1), ("dotdot", 0.7),
                                ("bare", 2), ("bare-dot", 0.7), ("bare-empty", 0.7),
                                ("double-slash", 0.5), ("via-dirlink", 1)])
    cwd_kind = _weighted(rng, [("root", 3), ("subdir", 1), ("symlinked", 1.5)])
    if cwd_kind == "root":
        cwd = root
    elif cwd_kind == "subdir":
        cwd = ws.mkdir("work/deeper")
    else:
        target = ws.mkdir("real_cwd/inner")
        cwd = root / "cwdlink"
        os.symlink(target, cwd)
    phys_cwd = Path(os.path.realpath(cwd))
    argv0: str
    exe_dir, exe_name = launched.parent, launched.name
    if argv_kind in ("bare-dot", "bare-empty"):
        cwd = exe_dir
        phys_cwd = Path(os.path.realpath(cwd))
        entry = "." if argv_kind == "bare-dot" else ""
        env["PATH"] = f"{entry}:/usr/bin:/bin" if entry else ":/usr/bin:/bin"
        argv0 = exe_name
        g.note(f"argv0: bare {exe_name!r}, PATH={env['PATH']!r}, cwd = its dir {g.show(cwd)}")
    elif argv_kind == "bare":
        via_link = g.chance(0.3)
        decoy = g.chance(0.3)
        pdir = str(exe_dir)
        if via_link:
            pl = root / "pathlink"
            os.symlink(exe_dir, pl)
            pdir = str(pl)
        if g.chance(0.2) and g.inside(pdir):
            # a relative PATH entry (resolved against the cwd by both the shell and getpath)
            pdir = os.path.relpath(pdir, phys_cwd)
        items = [pdir, "/usr/bin", "/bin"]
        if decoy:
            d = ws.mkdir("decoy")
            (d / exe_name).write_text("not a program\n")
            items.insert(0, str(d))
        if g.chance(0.3):
            items.insert(rng.randint(0, 1), "")
        env["PATH"] = ":".join(items)
        argv0 = exe_name
        g.note(f"argv0: bare {exe_name!r} on PATH={g.show(env['PATH'])!r}")
    else:
        rel = os.path.relpath(launched, phys_cwd)
        if argv_kind == "abs":
            argv0 = str(launched)
        elif argv_kind == "relative":
            argv0 = rel
        elif argv_kind == "via-dirlink":
            bl = root / "bl"
            os.symlink(exe_dir, bl)
            argv0 = str(bl / exe_name)
        elif argv_kind == "double-slash":
            argv0 = str(launched.parent) + "//." + "/" + launched.name
        elif argv_kind == "dot-slash":
            argv0 = rel if rel.startswith("..") else "./" + rel
        else:
            head, _, tail = rel.partition("/")
            argv0 = f"{head}/../{head}/{tail}" if tail and head != ".." else f"./{rel}"
        g.note(f"argv0: {argv_kind} {g.show(argv0)!r}")
    g.note(f"cwd: {cwd_kind} {g.show(cwd)}" + (f" (physically {g.show(phys_cwd)})"
                                                  if phys_cwd != Path(cwd) else ""))
    cwd_writable = g.inside(phys_cwd)

    # -- environment ------------------------------------------------------------------
    if g.chance(0.18):
        kind = _weighted(rng, [("prefix", 3), ("split", 1), ("slash", 1), ("nowhere", 0.5),
                               ("relative", 1), ("prefix-colon", 0.5), ("base-of-other", 0.5),
                               ("venv-dir", 0.7), ("split-reversed", 0.5)])
        pfx = str(base.prefix)
        if kind == "prefix":
            v = pfx
        elif kind == "split":
            v = f"{pfx}:{i.prefix}"
        elif kind == "slash":
            v = pfx + "/"
        elif kind == "nowhere":
            v = str(root / "nowhere")
        elif kind == "relative":
            if cwd_writable:
                link = phys_cwd / "homepfx"
                if not link.exists():
                    os.symlink(pfx, link)
                v = "homepfx"
            else:
                v = os.path.relpath(pfx, phys_cwd)
        elif kind == "prefix-colon":
            v = pfx + ":"
        elif kind == "venv-dir":
            v = str(inst.prefix)
        elif kind == "split-reversed":
            v = f"{i.prefix}:{pfx}"
        else:
            v = i.prefix
        env["PYTHONHOME"] = v
        g.note(f"PYTHONHOME={g.show(v)!r} ({kind})")

    pp_dirs: list[Path] = []
    if g.chance(0.35):
        items: list[str] = []
        for _ in range(rng.randint(1, 5)):
            k = _weighted(rng, [("abs", 4), ("empty", 1), ("rel", 1.5), ("dot", 1), ("dup", 1),
                                ("nowhere", 1), ("zip", 0.7), ("dotdot", 0.5), ("slash", 0.5),
                                ("tilde", 0.3)])
            if k == "abs":
                d = ws.mkdir(g.fresh("pp"))
                pp_dirs.append(d)
                items.append(str(d))
            elif k == "empty":
                items.append("")
            elif k == "rel":
                name = g.fresh("rpp")
                if cwd_writable:
                    (phys_cwd / name).mkdir()
                    pp_dirs.append(phys_cwd / name)
                items.append(name)
            elif k == "dot":
                items.append(".")
            elif k == "dup":
                items.append(items[-1] if items else ".")
            elif k == "nowhere":
                items.append(str(root / g.fresh("nopp")))
            elif k == "zip":
                z = root / (g.fresh("ppzip") + ".zip")
                with zipfile.ZipFile(z, "w") as zf:
                    zf.writestr("zmod.py", "")
                items.append(str(z))
            elif k == "tilde":
                items.append("~/tpp")
                ws.mkdir("home/tpp")
            elif k == "dotdot":
                d = ws.mkdir(g.fresh("ppx")) / "sub"
                d.mkdir()
                items.append(f"{d}/..")
            else:
                d = ws.mkdir(g.fresh("pps"))
                items.append(f"{d}/")
        v = ":".join(items) + (":" if g.chance(0.25) else "")
        env["PYTHONPATH"] = v
        g.note(f"PYTHONPATH={g.show(v)!r}")
    if g.chance(0.1):
        v = rng.choice(["lib64", "lib", "fuzzlib", ""])
        env["PYTHONPLATLIBDIR"] = v
        g.note(f"PYTHONPLATLIBDIR={v!r}")
    if g.chance(0.1):
        v = rng.choice(["1", "", "0", "yes"])
        env["PYTHONNOUSERSITE"] = v
        g.note(f"PYTHONNOUSERSITE={v!r}")
    if g.chance(0.07):
        v = rng.choice(["1", ""])
        env["PYTHONSAFEPATH"] = v
        g.note(f"PYTHONSAFEPATH={v!r}")
    if g.chance(0.04):
        env["PYTHONEXECUTABLE"] = str(root / "fake" / "python")
        g.note("PYTHONEXECUTABLE=$ROOT/fake/python")
    if g.chance(0.05):
        env["PYTHONVERBOSE"] = ""
        env["PYTHONOPTIMIZE"] = "1"
        g.note("PYTHONVERBOSE='' PYTHONOPTIMIZE=1 (irrelevant variables)")
    user_base: Path | None = root / "home" / ".local"
    if g.chance(0.15):
        kind = _weighted(rng, [("abs", 3), ("relative", 1), ("nowhere", 1), ("empty", 0.5),
                               ("trailing-slash", 0.7)])
        if kind in ("abs", "trailing-slash"):
            user_base = root / "ub"
            env["PYTHONUSERBASE"] = str(user_base) + ("/" if kind == "trailing-slash" else "")
        elif kind == "relative":
            env["PYTHONUSERBASE"] = "ub"
            user_base = phys_cwd / "ub" if cwd_writable else None
        elif kind == "nowhere":
            env["PYTHONUSERBASE"] = str(root / "nowhere_ub")
            user_base = None
        else:
            env["PYTHONUSERBASE"] = ""
        g.note(f"PYTHONUSERBASE={g.show(env['PYTHONUSERBASE'])!r} ({kind})")
    if g.chance(0.12):
        kind = rng.choice(["unset", "empty", "relative", "symlinked"])
        if kind == "symlinked":
            env["HOME"] = str(root / "homelink")
            os.symlink(root / "home", root / "homelink")
        elif kind == "unset":
            del env["HOME"]
            if "PYTHONUSERBASE" not in env:
                user_base = None
        elif kind == "empty":
            env["HOME"] = ""
            if "PYTHONUSERBASE" not in env:
                user_base = None
        else:
            env["HOME"] = "home"
            if "PYTHONUSERBASE" not in env:
                user_base = phys_cwd / "home" / ".local" if cwd_writable else None
        g.note(f"HOME {kind}")
    user_site: Path | None = None
    if user_base is not None and g.chance(0.45):
        user_site = user_base / "lib" / f"python{i.xy}" / "site-packages"
        user_site.mkdir(parents=True, exist_ok=True)
        g.site_dirs.append(user_site)
        g.note(f"user site {g.show(user_site)} exists")
        if g.chance(0.15):
            d64 = user_base / "lib64" / f"python{i.xy}" / "site-packages"
            d64.mkdir(parents=True, exist_ok=True)
            g.note("  and its lib64 twin")

    # -- .pth files and customize modules ---------------------------------------------
    for sd in list(g.site_dirs):
        if g.chance(0.5):
            _pth_files(g, sd)
    if g.chance(0.15):
        _customize(g, [*g.site_dirs, *pp_dirs])

    # -- flags ------------------------------------------------------------------------
    flags = [f for f, p in (("I", 0.1), ("E", 0.12), ("s", 0.12), ("S", 0.1), ("P", 0.08))
             if g.chance(p)]
    rng.shuffle(flags)
    if "P" in flags and not i.at_least(3, 11):
        flags.remove("P")  # "Unknown option: -P": nothing to compare
    clustered = g.chance(0.4)
    opt_args: list[str] = (["-" + "".join(flags)] if flags and clustered
                           else [f"-{f}" for f in flags])
    if g.chance(0.3):
        # Options that change nothing on the path but must be parsed past (some take an
        # argument, attached or not).
        noise = [rng.choice([["-B"], ["-u"], ["-O"], ["-OO"], ["-W", "ignore"], ["-Wdefault"],
                             ["-X", "dev"], ["-Xutf8"], ["-q"], ["-b"], ["-R"], ["-Bu"],
                             ["--check-hash-based-pycs", "default"], ["-X", "faulthandler"]])
                 for _ in range(rng.randint(1, 2))]
        at = rng.randint(0, len(opt_args))
        if opt_args and clustered and at == len(opt_args) and noise[0][0] in ("-B", "-u", "-O"):
            opt_args[-1] += noise[0][0][1:]  # glued into the cluster
            noise = noise[1:]
        opt_args[at:at] = [x for n in noise for x in n]

    # -- the program ------------------------------------------------------------------
    mode = _weighted(rng, [("command", 4), ("script", 3), ("dir", 0.8), ("zip", 0.8),
                           ("module", 1.2), ("stdin", 0.8), ("interactive", 0.4)])
    sub = rng.choice(["abs", "relative", "symlink", "symlinked-dir", "bare", "dotdot-link"])
    stdin: str | None = None
    kind = mode
    prog: list[str]
    if mode == "command":
        if opt_args and re.fullmatch(r"-[IEsSPBuOqbR]+", opt_args[-1]) and g.chance(0.4):
            opt_args[-1] += "c"
            prog = [FPROBE]
            g.note(f"program: -c glued to the flag cluster {opt_args[-1]}")
        else:
            prog = ["-c", FPROBE]
            g.note("program: -c PROBE")
    elif mode == "script":
        script = ws.write("s/probe.py", FPROBE)
        if sub == "abs":
            arg = str(script)
        elif sub == "relative":
            arg = os.path.relpath(script, phys_cwd)
        elif sub == "symlink":
            deep = g.chance(0.5)
            sl = root / ("deep/er/slinks" if deep else "slinks")
            sl.mkdir(parents=True)
            os.symlink(os.path.relpath(script, sl), sl / "run.py")
            arg = str(sl / "run.py")
            if deep and g.chance(0.6):
                os.symlink(sl, root / "sdl2")  # through a symlinked dir at another depth
                arg = str(root / "sdl2" / "run.py")
        elif sub == "symlinked-dir":
            arg = str(ws.symlink("sdir", "s") / "probe.py")
        elif sub == "bare" and cwd_writable:
            shutil.copy(script, phys_cwd / "probe_here.py")
            arg = "probe_here.py"
        else:
            ws.mkdir("s/inner")
            ws.symlink("sdl", "s/inner")
            arg = str(root / "sdl" / ".." / "probe.py")
            ws.write("probe.py", "raise SystemExit('lexical .. was used')\n")
        prog = [arg]
        g.note(f"program: script ({sub}) {g.show(arg)!r}")
    elif mode == "dir":
        ws.write("app/__main__.py", FPROBE)
        arg = str(root / "app") if sub in ("abs", "symlink") else os.path.relpath(root / "app", phys_cwd)
        if sub == "symlink":
            arg = str(ws.symlink("applink", root / "app"))
        prog = [arg + ("/" if g.chance(0.2) else "")]
        g.note(f"program: directory with __main__.py {g.show(prog[0])!r}")
    elif mode == "zip":
        z = root / "app.pyz"
        with zipfile.ZipFile(z, "w") as zf:
            zf.writestr("__main__.py", FPROBE)
        arg = str(z) if sub in ("abs", "symlink") else os.path.relpath(z, phys_cwd)
        if sub == "symlink":
            arg = str(ws.symlink("zlink.pyz", z))
        prog = [arg]
        g.note(f"program: zipapp {g.show(arg)!r}")
    elif mode == "module":
        dirs = [*pp_dirs, *g.site_dirs] + ([phys_cwd] if cwd_writable else [])
        for d in dirs:
            (d / f"{MODULE}.py").write_text(FPROBE)
        prog = ["-m", MODULE]
        g.note(f"program: -m {MODULE} (written to the cwd, PYTHONPATH dirs and site dirs)")
    elif mode == "stdin":
        prog, stdin = ["-"], FPROBE
        g.note("program: '-' (stdin)")
    else:
        prog, stdin = [], FPROBE
        g.note("program: none (stdin not a tty)")
    trailing = ["arg1", "-I"] if g.chance(0.15) and mode not in ("interactive",) else []
    args = (*opt_args, *prog, *trailing) if mode != "interactive" else tuple(opt_args)
    if opt_args:
        g.note(f"options: {' '.join(opt_args)}")

    case = Case(argv0=argv0, args=args, env=env, cwd=str(cwd), stdin=stdin, kind=kind,
                expect=None, twin=True, note="; ".join(g.desc))
    return case, g.desc


# ---------------------------------------------------------------------------------------
# Running one layout
# ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    seed: int
    interp: Interp
    case: Case
    desc: list[str]
    real: Real | None = None
    twin: Real | None = None
    startup: Any = None
    mismatches: list[Mismatch] = field(default_factory=list)
    #: Why the layout could not be compared (a harness artefact), or "".
    skipped: str = ""
    model_error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.mismatches or self.model_error)


def _artefact(case: Case, real: Real, startup: Any) -> str:
    """Why a real run that did not print cannot be compared, or "" when it can."""
    if real.returncode == 127 and real.stderr.startswith("exec failed"):
        return "argv0 could not be executed by the test runner"
    if real.fatal and f"No module named {MODULE}" in real.stderr.replace("'", ""):
        # -m could not find the module: only a defect when the model's sys.path holds it.
        path = getattr(startup, "sys_path", None) or []
        for entry in path:
            full = os.path.join(case.cwd, entry or ".")
            if os.path.isfile(os.path.join(full, f"{MODULE}.py")):
                return ""
        return "-m: the module is on no path the real run searched"
    return ""


def run_layout(seed: int, interp: Interp, root: Path, shared_root: Path) -> Outcome:
    """Build, run and compare layout *seed* for *interp* in the (empty) folder *root*."""
    ws = Workspace(root=root, shared_root=shared_root, interp=interp)
    try:
        case, desc = build_layout(seed, ws)
    except LayoutImpossible as exc:
        o = Outcome(seed, interp, Case("", (), {}, str(root)), [])
        o.skipped = f"layout impossible: {exc}"
        return o
    out = Outcome(seed, interp, case, desc)
    real, twin = run_oracles([case, case.with_S()])
    out.real, out.twin = real, (None if real.fatal else twin)
    try:
        out.startup = run_model(case)
    except Exception as exc:  # noqa: BLE001 - any model crash is a finding
        if real.returncode == 127 and real.stderr.startswith("exec failed"):
            out.skipped = "argv0 could not be executed (model agrees: error)"
            return out
        out.model_error = f"{type(exc).__name__}: {exc}"
        return out
    out.skipped = _artefact(case, real, out.startup)
    if out.skipped:
        return out
    out.mismatches = compare(case, real, out.startup, out.twin)
    return out


#: Mismatches already reduced to a minimal xfail case in test_fuzz.py: (name, predicate).
#: The command line tallies them under their name instead of printing them (``--all``
#: prints them too), so a long run shows what is new.
def _hidden_pth_unknown_micro(o: Outcome) -> bool:
    """test_fuzz.py::test_reduced[hidden-pth-relocated-*]: a 3.8-3.10 install whose micro
    version the model cannot read processes no '.hidden.pth' (gh-113659 assumed)."""
    version = str(getattr(o.startup, "version", ""))
    if version.count(".") != 1 or not any(".hidden.pth" in d for d in o.desc):
        return False
    for m in o.mismatches:
        if m.field == ".pth errors (stderr)":
            continue
        if m.field.startswith("fatal") and any(".hidden.pth" in d and "(non-utf8)" in d
                                               for d in o.desc):
            continue  # the undecodable hidden .pth the model skipped is fatal before 3.13
        if m.field != "sys.path":
            return False
        real, got = list(m.real), list(m.computed)
        if [x for x in real if x in got] != got:  # the model only lacks entries
            return False
    return True


def _only_site_fields(o: Outcome) -> bool:
    return all(m.field in ("sys.path", ".pth errors (stderr)") for m in o.mismatches)


_PLAIN_IMPORT = re.compile(r"^import[ \t]+[\w.]+([ \t]*,[ \t]*[\w.]+)*[ \t]*$")


def _own_non_plain_pth(interp: Interp) -> bool:
    """Whether the interpreter's own site dirs hold a .pth with a non-plain import line
    (setuptools' distutils-precedence.pth, a sandbox's certificate hook...)."""
    dirs = [os.path.join(interp.stdlib, "site-packages"),
            os.path.join(interp.prefix, "lib", "python3", "dist-packages"),
            os.path.join(interp.prefix, "local", "lib", f"python{interp.xy}", "dist-packages")]
    for d in dirs:
        try:
            names = [n for n in os.listdir(d) if n.endswith(".pth")]
        except OSError:
            continue
        for n in names:
            try:
                with open(os.path.join(d, n), encoding="utf-8", errors="replace") as f:
                    lines = f.read().splitlines()
            except OSError:
                continue
            if any(ln.startswith(("import ", "import\t")) and not _PLAIN_IMPORT.match(ln)
                   for ln in lines):
                return True
    return False


def _non_plain_import_line(o: Outcome) -> bool:
    """test_fuzz.py::test_reduced[pth-dunder-import-*, pth-after-non-plain-import]: a .pth
    import line that is more than ``import a, b`` (setuptools' distutils-precedence line,
    or one in the interpreter's own site-packages) is assumed to succeed, and so is every
    import line after it."""
    if not (any("_distutils_hack" in d for d in o.desc) or _own_non_plain_pth(o.interp)):
        return False
    if not any(m in d for d in o.desc for m in ("no_such_module", "_virtualenv", "_distutils_hack")):
        return False  # no import line that fails
    for m in o.mismatches:
        real, got = list(m.real), list(m.computed)
        if m.field == ".pth errors (stderr)":
            if any(real.count(x) < got.count(x) for x in got):
                return False  # the model reports an error the real run does not
        elif m.field == "sys.path":
            if [x for x in got if x in real] != real:
                return False  # the model only has more (what a failed import skipped)
        else:
            return False
    return True


def _site_dir_missing_after_normalising(o: Outcome) -> bool:
    """test_fuzz.py::test_reduced[site-packages-dotdot-after-dir-link]: the real sys.path
    holds a site dir that exists only before lexical normalisation."""
    if o.interp.at_least(3, 11):
        return False
    for m in o.mismatches:
        if m.field.startswith("fatal") and o.real is not None and (
                "Could not import runpy module" in o.real.stderr):
            continue  # test_reduced[runpy-missing-dotdot-after-dir-link]
        if m.field != "sys.path":
            return False
        extra = [x for x in m.real if x not in m.computed]
        if [x for x in m.real if x in m.computed] != list(m.computed):
            return False
        if not extra or any(os.path.exists(x) for x in extra):
            return False
    return True


def _pth_dot_vs_empty(o: Outcome) -> bool:
    """test_fuzz.py::test_reduced[pth-file-*-relative-executable]: a ._pth line that
    normalises to the current directory is '' for CPython's C normpath, '.' for the model."""
    if not any("._pth" in d for d in o.desc):
        return False
    for m in o.mismatches:
        if not (isinstance(m.real, list) and isinstance(m.computed, list)):
            return False
        if ["" if x == "." else x for x in m.computed] != m.real:
            return False
    return True


def _unknown_vpath(o: Outcome) -> bool:
    """test_fuzz.py::test_reduced[build-dir-lone-copy-unknown-vpath]."""
    return (bool(getattr(o.interp, "relocated", False)) and o.interp.at_least(3, 14)
            and any("pybuilddir" in d for d in o.desc)
            and all("fatal dump" in m.field for m in o.mismatches))


KNOWN: list[tuple[str, Callable[[Outcome], bool]]] = [
    ("._pth line normalising to the cwd: '' (real) vs '.' (model)", _pth_dot_vs_empty),
    ("site dir through '..' after a symlink, missing once normalised (3.8-3.10)",
     _site_dir_missing_after_normalising),
    ("pybuilddir.txt beside a lone copy of a relocated 3.14: VPATH unknown", _unknown_vpath),
    ("hidden .pth processed by a 3.8-3.10 of unknown micro version", _hidden_pth_unknown_micro),
    ("non-plain .pth import line (distutils-precedence) not judged", _non_plain_import_line),
]


def known_issue(o: Outcome) -> str:
    """The name of the known issue that explains every mismatch of *o*, or ""."""
    if not o.mismatches:
        return ""
    for name, pred in KNOWN:
        if pred(o):
            return name
    return ""


def format_outcome(o: Outcome, root: Path | None = None) -> str:
    lines = [f"=== seed {o.seed} [{o.interp.id}] " + ("MODEL ERROR" if o.model_error else "MISMATCH")]
    lines.append("  layout:")
    lines += [f"    - {d}" for d in o.desc]
    if o.model_error:
        lines.append(f"  model raised: {o.model_error}")
    for m in o.mismatches:
        lines.append(f"  FIELD {m.field}:")
        lines.append(f"      real:     {_short(m.real)}")
        lines.append(f"      computed: {_short(m.computed)}")
    lines.append("  reproduce (real):")
    lines.append(f"      {_probe_assignment()}")
    command = shell_command(o.case).replace(shlex.quote(FPROBE), '"$PROBE"')
    lines.append(f"      {command}")
    lines.append("  rebuild the layout:")
    lines.append(f"      python -m tests.differential.fuzz_layouts --seeds {o.seed} "
                 f"--interp {o.interp.id} --keep -v")
    if o.real is not None and o.real.stderr.strip():
        lines.append("  real stderr (first lines):")
        lines += [f"      {ln}" for ln in o.real.stderr.strip().splitlines()[:8]]
    return "\n".join(lines)


def _short(value: object) -> str:
    return str(value).replace(FPROBE, "$PROBE").replace("\n", "\\n")


def _probe_assignment() -> str:
    """``PROBE=$'...'``: the fuzz probe as one bash line (ANSI-C quoting)."""
    body = FPROBE.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
    return f"PROBE=$'{body}'"


# ---------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------


def _parse_seeds(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-", 1)
            out += range(int(a), int(b) + 1)
        elif part:
            out.append(int(part))
    return out


def _worker(job: tuple[int, str, str, bool, bool]) -> list[tuple[str, str, str]]:
    """Run one seed on the chosen interpreters; returns (status, interp id, report)."""
    seed, tmp, interp_filter, verbose, show_known = job
    results = []
    for interp in discover_interpreters():
        if interp_filter and interp.id not in interp_filter.split(","):
            continue
        root = Path(tmp) / f"s{seed}-{interp.id}"
        root.mkdir(parents=True)
        try:
            o = run_layout(seed, interp, root, Path(tmp) / "_shared")
        except Exception as exc:  # noqa: BLE001 - a layout that cannot be built
            results.append(("build-error", interp.id, f"seed {seed} [{interp.id}]: {exc!r}"))
            continue
        known = "" if show_known else known_issue(o)
        if o.skipped:
            results.append(("skipped: " + o.skipped, interp.id, f"seed {seed} [{interp.id}]: {o.skipped}"))
        elif known:
            results.append(("known: " + known, interp.id, f"seed {seed} [{interp.id}]: known {known}"))
        elif o.failed:
            results.append(("mismatch", interp.id, format_outcome(o)))
        else:
            results.append(("ok", interp.id, format_outcome(o) if verbose else ""))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.differential.fuzz_layouts",
                                 description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--seeds", default="0-99", help="e.g. 0-2000 or 3,17,40-50")
    ap.add_argument("--interp", default="", help="only these interpreter ids (comma-separated)")
    ap.add_argument("--jobs", type=int, default=1, help="seeds run in parallel (processes)")
    ap.add_argument("--keep", action="store_true", help="keep the layout folders")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every layout")
    ap.add_argument("--all", action="store_true", help="print known issues' mismatches too")
    ns = ap.parse_args(argv)
    seeds = _parse_seeds(ns.seeds)
    interps = discover_interpreters()
    print("interpreters:", ", ".join(i.id for i in interps), flush=True)
    tmp = tempfile.mkdtemp(prefix="pywhence-fuzz-")
    jobs = [(s, tmp, ns.interp, ns.verbose, ns.all) for s in seeds]
    tally: Counter[str] = Counter()
    per_interp: Counter[str] = Counter()
    start = time.monotonic()
    runner: Callable[[tuple[int, str, str, bool, bool]], list[tuple[str, str, str]]] = _worker
    if ns.jobs > 1:
        import multiprocessing

        with multiprocessing.Pool(ns.jobs) as pool:
            it = pool.imap(runner, jobs)
            for res in it:
                _emit(res, tally, per_interp, ns.verbose)
    else:
        for job in jobs:
            _emit(runner(job), tally, per_interp, ns.verbose)
    took = time.monotonic() - start
    print(f"\n{len(seeds)} seeds, {sum(tally.values())} layout x interpreter runs in {took:.0f}s:")
    for k, v in sorted(tally.items()):
        print(f"  {v:>6}  {k}")
    if per_interp:
        print("mismatches per interpreter: "
              + ", ".join(f"{k}={v}" for k, v in sorted(per_interp.items())))
    if ns.keep:
        print(f"layouts kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if tally["mismatch"] or tally["build-error"] else 0


def _emit(res: list[tuple[str, str, str]], tally: Counter[str], per_interp: Counter[str],
          verbose: bool) -> None:
    for status, interp_id, report in res:
        tally[status] += 1
        if status == "mismatch":
            per_interp[interp_id] += 1
            print(report, flush=True)
        elif status in ("build-error",) or (verbose and report):
            print(report, flush=True)


if __name__ == "__main__":
    sys.exit(main())
