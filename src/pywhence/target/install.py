"""The install a program belongs to: its runtime, its stdlib and its build constants.

Discovery (:mod:`.discovery`) checks the program and reads ``pyvenv.cfg``; what follows
depends only on the resolved program, the venv's ``home`` and ``version``, and
``LD_LIBRARY_PATH``, never on the venv itself: the binary's ELF (the libpython it loads
and the version compiled in), the stdlib found by getpath's ``os.py`` landmark, its
``_sysconfigdata`` or PEP 739 ``build-details.json``, the site flavour, and the weaker
sources of the micro version (``patchlevel.h``, a pyenv-style directory name).

A thousand venvs of one base share this answer: :func:`gather_install_remembered` keeps
it per install and gives it again while every path it consulted keeps its ``stat``
(the text naming a venv's own ``pyvenv.cfg`` is put back in for each venv).
"""

from __future__ import annotations

from .._memo import forget_with
from .._record import fields, replace
from ..disk.fs import FileSystem
from ..errors import InterpreterNotFound
from .build_details import read_build_details
from .elf import ElfFacts, hex_to_version
from .facts import Facts, set_version
from .filecache import (
    Recorder,
    abs_strings,
    contains,
    elf_facts,
    holds_string,
    read_text,
    signatures,
    still_same,
)
from .loader import find_library
from .patchlevel import (
    BIN_NAME,
    LIB_NAME,
    PYENV_DIR,
    STDLIB_NAME,
    VERSION_TEXT,
    abiflags_in_names,
    read_patchlevel,
)
from .sysconfigdata import sysconfigdata_in

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

__all__ = ["clear_install_cache", "gather_install", "gather_install_remembered"]

#: The provenance that read_pyvenv_cfg writes: text naming the venv, not the install.
_VENV_TEXT = ("venv home", "venv version")
_STAND_IN = "\x00venv text: "

#: (program, venv home, venv version, LD_LIBRARY_PATH, the facts before) ->
#: (the facts after, signatures of every path consulted).
_INSTALL_CACHE: dict[tuple[Any, ...], tuple[Facts, tuple[tuple[str, Any], ...]]] = {}
forget_with(_INSTALL_CACHE.clear)
_FIELDS = tuple(n for n in fields(Facts) if n != "provenance")


def clear_install_cache() -> None:
    """Forget every remembered install (part of :func:`.discovery.clear_caches`)."""
    _INSTALL_CACHE.clear()


def gather_install_remembered(
    rec: Recorder, facts: Facts, real: str, venv_home: str | None,
    venv_version: tuple[int, int, int | None] | None, env: Mapping[str, str], shown: str,
) -> Facts:
    """:func:`gather_install` over the local disk, remembered per install.

    The answer depends on the venv only through ``home`` and ``version``; the text of
    the venv's provenance is swapped for a stand-in while it is computed and swapped
    back after, so venvs of one base share one entry.  Every path the entry consulted
    is handed to *rec* (with its signature, just checked), so that the caller's own
    cache checks it too.
    """
    texts = {k: facts.provenance[k] for k in _VENV_TEXT if k in facts.provenance}
    for k in texts:
        facts.provenance[k] = _STAND_IN + k
    before = (*(getattr(facts, n) for n in _FIELDS), tuple(sorted(facts.provenance.items())))
    key = (real, venv_home, venv_version, env.get("LD_LIBRARY_PATH") or "", before)
    hit = _INSTALL_CACHE.get(key)
    if hit is not None and all(still_same(path, sig) for path, sig in hit[1]):
        after, sigs = hit
        facts = replace(after, provenance=dict(after.provenance))
    else:
        sub = Recorder(rec)
        gather_install(sub, facts, real, venv_home, venv_version, env, shown)
        sigs = signatures(sub.seen)
        _INSTALL_CACHE[key] = (replace(facts, provenance=dict(facts.provenance)), sigs)
    rec.known.update(sigs)
    for path, _ in sigs:
        rec.seen[path] = None
    back = {_STAND_IN + k: v for k, v in texts.items()}
    facts.provenance = {k: back.get(v, v) for k, v in facts.provenance.items()}
    return facts


def gather_install(
    fs: FileSystem, facts: Facts, real: str, venv_home: str | None,
    venv_version: tuple[int, int, int | None] | None, env: Mapping[str, str], shown: str,
) -> Facts:
    """Fill *facts* (the program *real* checked, ``pyvenv.cfg`` read) from the install:
    *venv_home* is the venv's ``home`` made absolute, *shown* names the program in errors."""
    p = fs.path
    # -- the binary's ELF: the libpython it loads, the version it embeds --------------
    elf = elf_facts(fs, real) if facts.platform == "linux" else None
    runtime_elf = elf
    runtime_file = real
    libpython = next((n for n in (elf.needed if elf else ()) if n.startswith("libpython")), None)
    if elf is not None:
        if libpython is not None:
            facts.put("shared", True, f"DT_NEEDED {libpython} of {real}")
            m = LIB_NAME.match(libpython)
            if m:
                set_version(facts, int(m.group(1)), int(m.group(2)), None, f"DT_NEEDED {libpython} of {real}")
                facts.put("abi_thread", m.group(3) or None, f"DT_NEEDED {libpython} of {real}")
        else:
            facts.put("shared", False, f"no libpython in DT_NEEDED of {real} (statically linked)")
    name_m = BIN_NAME.match(p.basename(real))
    name_flags = abiflags_in_names(p.basename(real), libpython)  # python3.15d, python3.13td

    def take_elf_version(e: ElfFacts, where: str) -> None:
        if e.hexversion is not None:
            ma, mi, mc = hex_to_version(e.hexversion)
            set_version(facts, ma, mi, mc, f"Py_Version symbol (0x{e.hexversion:08x}) in {where}")
        if e.version_literal is not None:
            vm = VERSION_TEXT.match(e.version_literal)
            if vm:
                set_version(facts, int(vm.group(1)), int(vm.group(2)), int(vm.group(3)),
                            f"PY_VERSION literal {e.version_literal!r} in ELF strings of {where}")

    if elf is not None and libpython is None:
        if elf.has_runtime is False:
            # a program near a stdlib is not thereby Python (/bin/ls next to /usr/lib/python3.X)
            raise InterpreterNotFound(
                f"python interpreter {shown!r} is not a CPython: no Python runtime in it"
                " and no libpython among the libraries it loads",
                shown,
            )
        take_elf_version(elf, real)
    if name_m:
        set_version(facts, int(name_m.group(1)), int(name_m.group(2)), None, f"program name {real}")
    if venv_version is not None:
        set_version(facts, venv_version[0], venv_version[1], None, facts.provenance["venv version"])

    # -- libpython: where the loader finds it, and the version it embeds ---------------
    if elf is not None and libpython is not None:
        found = find_library(fs, libpython, real, elf, env)
        if found is not None:
            lib_path, how = found
            facts.put("library", lib_path, f"{libpython} found through {how} of {real}")
            try:
                runtime_file = fs.resolve(lib_path)
            except OSError:
                runtime_file = lib_path
            runtime_elf = elf_facts(fs, runtime_file)
            if runtime_elf is not None:
                take_elf_version(runtime_elf, runtime_file)

    # -- the stdlib and its sysconfigdata ----------------------------------------------
    bindirs = []
    if venv_home:
        bindirs.append(venv_home)
    bindirs.append(p.dirname(real))
    if facts.library is not None:
        # a launcher copied away from its install still loads the install's libpython
        # (absolute DT_RUNPATH): its prefix is beside that library's directory
        bindirs.append(p.join(p.dirname(p.dirname(runtime_file)), "bin"))
    stdlib: str | None = None
    first_stdlib: str | None = None
    hit: tuple[str, dict[str, Any]] | None = None
    unverified: tuple[str, tuple[str, dict[str, Any]]] | None = None
    span = runtime_elf.rodata if runtime_elf is not None else None
    # lazily, nearest first: the landmarks of farther ancestors are looked at only
    # while no nearer install is verified (nor made part of what the answer depends on)
    def nearest_first() -> Iterator[str]:
        yield from _build_tree_candidates(fs, real)
        yield from _stdlib_candidates(fs, bindirs, facts.xy, facts.abi_thread, depth=4)

    for cand in nearest_first():
        first_stdlib = first_stdlib or cand
        found_here = sysconfigdata_in(fs, cand, facts.xy, abiflags=name_flags)
        if found_here is not None and unverified is None:
            unverified = (cand, found_here)
        # the install must be this build's: its PREFIX is a string in the runtime (a
        # venv's home or an ancestor directory can lead to another install)
        if found_here is not None and (
            span is None
            or holds_string(fs, runtime_file, span, found_here[1].get("prefix"))
        ):
            stdlib, hit = cand, found_here
            break
    if hit is None and runtime_elf is not None and runtime_elf.rodata is not None:
        # Nothing near the program: CPython then falls back to the build's PREFIX, a
        # string in the runtime.  Try the absolute paths the runtime holds, keeping
        # only an install whose own sysconfigdata names that very path as its prefix.
        for prefix in abs_strings(fs, runtime_file, runtime_elf.rodata):
            for cand in _stdlib_candidates(
                fs, [p.join(prefix, "bin")], facts.xy, facts.abi_thread, depth=1
            ):
                found_here = sysconfigdata_in(fs, cand, facts.xy, abiflags=name_flags)
                if found_here is not None and prefix in (
                    found_here[1].get("prefix"), found_here[1].get("exec_prefix")
                ):
                    stdlib, hit = cand, found_here
                    facts.provenance["stdlib"] = (
                        f"{cand}: the build PREFIX {prefix!r} found in {runtime_file}"
                    )
                    break
            if hit is not None:
                break
    if hit is None and unverified is not None:
        # a linker may merge the PREFIX string into a longer one's tail: when no
        # install could be verified, the nearest one with sysconfigdata is taken
        stdlib, hit = unverified
        facts.provenance["stdlib"] = f"{stdlib} (its PREFIX not found in {runtime_file})"
    if hit is None and span is not None:
        # No install of this build on the disk: its PREFIX is still compiled into the
        # runtime.  When the runtime's strings name exactly one real directory (besides
        # pseudo-filesystems and the root), that is it (Debian: "/usr"; pyenv: its
        # version folder).  Measured with a relocated Debian 3.14.10 copied alone.
        named = [d for d in abs_strings(fs, runtime_file, span)
                 if d not in ("/", "/.") and not d.startswith(_NOT_A_PREFIX)]
        if len(named) == 1:
            src = f"the one directory named in {runtime_file} (no install of the build found)"
            facts.put("prefix", named[0], src)
            facts.put("exec_prefix", named[0], src)
    if stdlib is None:
        stdlib = first_stdlib
    if stdlib is not None:
        sm = STDLIB_NAME.search(p.basename(stdlib))
        if sm:
            set_version(facts, int(sm.group(1)), int(sm.group(2)), None, f"stdlib directory {stdlib}")
            facts.put("abi_thread", sm.group(3), f"stdlib directory {stdlib}")
        facts.provenance.setdefault("stdlib", stdlib)

    if hit is not None:
        sc, cv = hit
        src = f"{sc} (build_time_vars)"
        vm = VERSION_TEXT.match(str(cv.get("VERSION", "")))
        if vm:
            set_version(facts, int(vm.group(1)), int(vm.group(2)), None, src)
        facts.put("prefix", cv.get("prefix"), src)
        facts.put("exec_prefix", cv.get("exec_prefix"), src)
        if "PLATLIBDIR" in cv:
            facts.put("platlibdir", cv["PLATLIBDIR"], src)
        elif facts.xy is not None and facts.xy < (3, 9):
            facts.put("platlibdir", "lib", f"{src}: no PLATLIBDIR before 3.9 (bpo-1294959)")
        if "VPATH" in cv:
            facts.put("vpath", cv["VPATH"], src)
        else:
            # configure drops the Makefile's VPATH line for an in-tree build
            # (srcdir "."), so getpath.c's -DVPATH='"$(VPATH)"' is empty
            facts.put("vpath", "", f"{src}: no VPATH, an in-tree build")
        facts.put("pythonpath", cv.get("PYTHONPATH"), src)
        facts.put("multiarch", cv.get("MULTIARCH"), src)
        if "Py_GIL_DISABLED" in cv:
            facts.put("abi_thread", "t" if cv["Py_GIL_DISABLED"] else "", src)
        elif "ABIFLAGS" in cv:
            facts.put("abi_thread", "t" if "t" in str(cv["ABIFLAGS"]) else "", src)
        if "ABIFLAGS" in cv:
            facts.put("abiflags", str(cv["ABIFLAGS"]).replace("m", ""), src)
        if "Py_ENABLE_SHARED" in cv:
            facts.put("shared", bool(cv["Py_ENABLE_SHARED"]), src)
    if stdlib is not None:
        read_build_details(fs, stdlib, facts, name_flags)
    if name_flags is not None:
        facts.put("abiflags", name_flags, f"the name of {real}" if name_m else f"DT_NEEDED {libpython} of {real}")
    if stdlib is not None:
        site_text = read_text(fs, p.join(stdlib, "site.py"))
        if site_text is not None:
            debian = "dist-packages" in site_text
            facts.put("site_flavour", "debian" if debian else "cpython",
                      f"{p.join(stdlib, 'site.py')} {'mentions' if debian else 'has no'} dist-packages")

    if facts.site_flavour is None and facts.xy is not None and facts.xy >= (3, 11):
        # 3.11+ runs a frozen copy of site.py compiled into the runtime (bpo-45020);
        # with no site.py on disk, its marshalled constants still name dist-packages.
        in_binary = contains(fs, runtime_file, b"dist-packages")
        if in_binary is not None:
            facts.put("site_flavour", "debian" if in_binary else "cpython",
                      f"frozen site module in {runtime_file} "
                      f"{'mentions' if in_binary else 'has no'} dist-packages")

    # -- weaker sources for the micro version ---------------------------------------------
    if venv_version is not None:
        set_version(facts, *venv_version, facts.provenance["venv version"])
    if facts.micro is None and stdlib is not None and facts.xy is not None:
        level = read_patchlevel(fs, p.dirname(p.dirname(stdlib)), facts.xy, facts.abi_thread)
        if level is not None:
            ma, mi, mc, ph = level
            set_version(facts, ma, mi, mc, f"PY_VERSION in {ph}")
    if facts.micro is None:
        dm = PYENV_DIR.search(real)
        if dm:
            set_version(facts, int(dm.group(1)), int(dm.group(2)), int(dm.group(3)),
                        f"pyenv-style directory name in {real}")
    return facts


def _stdlib_candidates(
    fs: FileSystem,
    bindirs: list[str],
    xy: tuple[int, int] | None,
    thread: str | None,
    *,
    depth: int,
) -> Iterator[str]:
    """``<prefix>/lib*/pythonX.Y[t]`` directories holding ``os.py``, nearest first.

    getpath looks for the ``os.py`` landmark in the ancestors of the executable's
    directory; the build's PLATLIBDIR is not known yet, so ``lib`` and ``lib64`` are
    both tried.  With an unknown X.Y, a ``lib`` holding a single ``pythonX.Y`` counts.
    """
    p = fs.path
    seen: set[str] = set()
    for bindir in bindirs:
        d = bindir
        for _ in range(depth):
            parent = p.dirname(d)
            for libdir in ("lib", "lib64"):
                base = p.join(parent, libdir)
                if base in seen:
                    continue
                seen.add(base)
                if xy is not None:
                    for t in ([thread] if thread is not None else ["", "t"]):
                        cand: str = p.join(base, f"python{xy[0]}.{xy[1]}{t}")
                        if fs.is_file(p.join(cand, "os.py")):
                            yield cand
                    continue
                try:
                    names = fs.list_dir(base)
                except OSError:
                    continue
                hits = sorted(
                    n for n in names
                    if STDLIB_NAME.match(n) and fs.is_file(p.join(base, n, "os.py"))
                )
                if len(hits) == 1:
                    yield str(p.join(base, hits[0]))
            if parent == d:
                break
            d = parent


def _build_tree_candidates(fs: FileSystem, real: str) -> list[str]:
    """Where a program in a build tree keeps its sysconfigdata: the directory its
    pybuilddir.txt names, then the tree's Lib/ (getpath's own build-tree markers)."""
    p = fs.path
    here = p.dirname(real)
    found: list[str] = []
    try:
        first = fs.read_bytes(p.join(here, "pybuilddir.txt"), 4096).decode("utf-8", "replace")
    except OSError:
        first = None
    if first is not None and first.strip():
        found.append(p.normpath(p.join(here, first.splitlines()[0].strip())))
    if first is not None or fs.is_file(p.join(here, "Modules", "Setup.local")):
        found.append(p.join(here, "Lib"))
    return found


#: Directories a runtime names for other reasons than its PREFIX.
_NOT_A_PREFIX = ("/proc", "/dev", "/sys", "/run", "/tmp")
