"""Static discovery: the target's facts read from disk, never by running it.

:func:`discover_invocation` turns what the caller typed (``--python``, the arguments, an
environment, a working directory, an optional ``--root``) into the three inputs of the
model: the :class:`~pywhence.target.interpreter.Interpreter` (version, platform, build
constants), the :class:`~pywhence.invocation.Invocation` and the
:class:`~pywhence.disk.fs.FileSystem` to read through.

Discovery only *reports* what the build was compiled with; it never decides prefixes.
A relocated copy of an install keeps its original ``PREFIX``: finding the real prefix
is the path-configuration stage's job, exactly as it is getpath's.

Facts and their sources, most trusted first (every fact records its source in
:attr:`Interpreter.provenance`):

* the binary: resolved through the filesystem; its ELF headers give the libpython it
  loads (``DT_NEEDED`` through ``DT_RPATH``/``LD_LIBRARY_PATH``/``DT_RUNPATH``/default
  directories), hence ``shared`` and ``library``;
* the version: the exported ``Py_Version`` constant (``PY_VERSION_HEX``, exported since
  3.11, bpo-43931) of the ELF that holds the runtime; else the ``PY_VERSION`` literal
  that the compiler placed just before ``"%.80s (%.80s) %.80s"`` (``Py_GetVersion``'s
  format) -- absent when the linker merged it into the tail of the ``PREFIX`` string,
  as in pyenv's builds; else ``pyvenv.cfg``'s ``version``/``version_info``; else
  ``include/pythonX.Y/patchlevel.h``; else a pyenv-style ``versions/X.Y.Z`` directory;
* the build constants: ``_sysconfigdata_*.py`` in the stdlib (read with :mod:`ast`,
  never imported), else ``build-details.json`` (PEP 739, 3.14+);
* the site flavour: Debian's patched ``site.py`` mentions ``dist-packages``.

Nothing here starts a process; ``--probe`` (:mod:`.probe`) is the only way a target is
ever run, and only when asked.

This module finds the program (``PATH`` as ``execvp`` searches it, what is wrong with a
path that is no CPython), walks to its stdlib (getpath's landmarks) and assembles the
:class:`~pywhence.target.interpreter.Interpreter` and the
:class:`~pywhence.invocation.Invocation`.  Each file format it reads has its own module:
:mod:`.elf` (the binary's ELF fields), :mod:`.loader` (ld.so's search for libpython),
:mod:`.pyvenv_cfg`, :mod:`.sysconfigdata`, :mod:`.build_details` (PEP 739),
:mod:`.patchlevel` (Include/patchlevel.h and the install's names); :mod:`.filecache`
remembers each file's answer, and :mod:`.facts` holds what is gathered.
"""

from __future__ import annotations

import errno
import os
import sys

from .._memo import forget_with
from .._record import replace
from ..disk.fs import MAXSYMLINKS, FileSystem, LocalFS, RootedFS
from ..errors import InterpreterNotFound
from ..invocation import Invocation
from .build_details import read_build_details
from .elf import ElfFacts, hex_to_version, platform_of
from .facts import Facts, set_version, sys_abiflags
from .filecache import (
    Recorder,
    abs_strings,
    binary_damage_of,
    clear_file_cache,
    contains,
    elf_facts,
    holds_string,
    read_text,
    signature,
    signatures,
    still_same,
)
from .interpreter import Build, Interpreter, Version
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
from .pyvenv_cfg import read_pyvenv_cfg
from .sysconfigdata import sysconfigdata_in

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

__all__ = [
    "MAX_VERSION",
    "MIN_VERSION",
    "Facts",
    "clear_caches",
    "discover_interpreter",
    "discover_invocation",
    "find_on_path",
]

#: The oldest and newest series pywhence models.
MIN_VERSION = (3, 8)
MAX_VERSION = (3, 15)

#: glibc's ``execvp`` search path when PATH is unset (``confstr(_CS_PATH)``).
_DEFAULT_PATH = "/bin:/usr/bin"

#: (argv[0] made absolute, LD_LIBRARY_PATH) -> (facts, signatures of every path read).
_FACTS_CACHE: dict[tuple[str, str], tuple[Facts, tuple[tuple[str, Any], ...]]] = {}
forget_with(_FACTS_CACHE.clear)


def clear_caches() -> None:
    """Forget every in-process cached fact (tests, long-running hosts)."""
    clear_file_cache()
    _FACTS_CACHE.clear()


# ---------------------------------------------------------------------------------------
# Locating the target
# ---------------------------------------------------------------------------------------


def find_on_path(fs: FileSystem, name: str, path_value: str | None, cwd: str) -> str | None:
    """The first ``PATH`` entry holding an executable regular file *name* (as execvp)."""
    p = fs.path
    search = path_value if path_value is not None else _DEFAULT_PATH
    for entry in search.split(fs.pathsep):
        d = entry or "."
        cand: str = p.join(d, name)
        if not p.isabs(cand):
            cand = p.normpath(p.join(cwd, cand))
        if fs.is_xfile(cand):
            return cand
    return None


def _fail(message: str, culprit: str) -> InterpreterNotFound:
    return InterpreterNotFound(message, culprit)


def _check_executable(fs: FileSystem, path: str, shown: str) -> str:
    """*path* resolved, or a one-line InterpreterNotFound saying what is wrong with it."""
    kind = fs.lstat(path)
    if kind is None:
        # a missing directory on the way may itself be a dangling link: say so plainly
        raise _fail(f"python interpreter {shown!r} does not exist", shown)
    if kind == "link":
        try:
            real = fs.resolve(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _fail(_eloop(fs, path, shown), shown) from None
            try:
                target = fs.readlink(path)
            except OSError:
                target = "?"
            raise _fail(
                f"python interpreter {shown!r} is a broken symlink (to {target!r}, which does not exist)",
                shown,
            ) from None
    else:
        try:
            real = fs.resolve(path)
        except OSError as exc:
            what = "a symlink loop" if exc.errno == errno.ELOOP else "unreachable"
            raise _fail(f"python interpreter {shown!r} is {what}", shown) from None
    real_kind = fs.lstat(real)
    if real_kind == "dir":
        raise _fail(f"python interpreter {shown!r} is a directory, not a program", shown)
    if real_kind != "file":
        raise _fail(f"python interpreter {shown!r} is not a regular file", shown)
    if not fs.is_xfile(path):
        if fs.is_xfile(real):
            # the file runs, the path to it does not: the kernel gave up following links
            raise _fail(_eloop(fs, path, shown), shown)
        raise _fail(f"python interpreter {shown!r} is not executable (no execute permission)", shown)
    return real


def _eloop(fs: FileSystem, path: str, shown: str) -> str:
    """ELOOP, said plainly: a loop, or a chain longer than the kernel follows (40)."""
    p = fs.path
    seen: set[str] = set()
    cur = path
    while fs.lstat(cur) == "link" and cur not in seen and len(seen) <= 4 * MAXSYMLINKS:
        seen.add(cur)
        target = fs.readlink(cur)
        cur = target if p.isabs(target) else p.normpath(p.join(p.dirname(cur), target))
    what = "a symlink loop" if cur in seen else f"more than {MAXSYMLINKS} symlinks on the way"
    return f"python interpreter {shown!r} cannot be run: too many levels of symbolic links ({what})"


def _refuse_script(fs: FileSystem, real: str, shown: str) -> None:
    try:
        head = fs.read_bytes(real, 512)
    except OSError as exc:
        raise _fail(f"python interpreter {shown!r} cannot be read: {exc.strerror or exc}", shown) from None
    if head.startswith(b"#!"):
        text = head.decode("utf-8", "replace")
        name = fs.path.basename(shown)
        if "pyenv" in text or "/shims/" in shown:
            raise _fail(
                f"python interpreter {shown!r} is a pyenv shim (a shell script), not CPython;"
                f" pass the real interpreter, e.g. --python \"$(pyenv which {name})\"",
                shown,
            )
        line = text.splitlines()[0] if text else "#!"
        from .shebang import shebang_python

        interpreter = shebang_python(text)
        if interpreter is not None:
            # a console script (venv/bin/pip): its '#!' line names the interpreter meant
            err = _fail(
                f"python interpreter {shown!r} is a console script, not CPython; its '#!' "
                f"line names the interpreter {interpreter}",
                shown,
            )
            err.python_hint = interpreter
            raise err
        raise _fail(
            f"python interpreter {shown!r} is a wrapper script ({line[:60]}), not CPython;"
            " pass the real interpreter's path",
            shown,
        )


# ---------------------------------------------------------------------------------------
# Gathering facts
# ---------------------------------------------------------------------------------------


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


def discover_interpreter(
    fs: FileSystem, executable: str, env: Mapping[str, str], *, shown: str | None = None
) -> Facts:
    """The static facts of the interpreter at absolute target path *executable*.

    *executable* is argv[0] made absolute (not resolved): getpath looks for
    ``pyvenv.cfg`` beside it, before resolving symlinks.  On the local disk the answer
    is cached in-process and reused while every path consulted keeps its ``stat``.
    A fresh :class:`Facts` is returned each time (callers may fill it in).
    """
    if not isinstance(fs, LocalFS):
        return _discover(fs, executable, env, shown or executable)
    key = (executable, env.get("LD_LIBRARY_PATH") or "")
    hit = _FACTS_CACHE.get(key)
    if hit is not None:
        facts, sigs = hit
        if all(still_same(path, sig) for path, sig in sigs):
            return replace(facts, provenance=dict(facts.provenance))
    rec = Recorder(fs)
    facts = _discover(rec, executable, env, shown or executable)
    _FACTS_CACHE[key] = (facts, signatures(rec.seen))
    return replace(facts, provenance=dict(facts.provenance))


def _discover(fs: FileSystem, executable: str, env: Mapping[str, str], shown: str) -> Facts:
    p = fs.path
    real = _check_executable(fs, executable, shown)
    _refuse_script(fs, real, shown)
    facts = Facts(executable=real)
    head = fs.read_bytes(real, 64)
    platform = platform_of(head)
    if platform is None:
        raise _fail(f"python interpreter {shown!r} is not a program CPython builds (unknown file format)", shown)
    # Trust: only the executable itself (and the libpython its intact dynamic section
    # names) says it is CPython; pyvenv.cfg, the stdlib and the names around a damaged
    # file describe an install, not the file, which the kernel would not run.
    damage = binary_damage_of(fs, real)
    if damage is not None:
        raise _fail(f"python interpreter {shown!r} is not a CPython interpreter "
                    f"(truncated or unreadable executable: {damage})", shown)
    if platform == "win32" and fs.flavour != "nt":
        raise _fail(f"python interpreter {shown!r} is a Windows program: on a POSIX disk "
                    "pywhence models Windows only from world files (docs/worlds.md)", shown)
    facts.platform = platform
    facts.provenance["platform"] = f"file format of {real}"

    # -- a virtual environment: pyvenv.cfg beside the program or one level up --------
    program = p.normpath(executable)  # getpath's abspath(): lexical
    venv_home, venv_version = read_pyvenv_cfg(fs, program, facts)

    # -- the binary's ELF: the libpython it loads, the version it embeds --------------
    elf = elf_facts(fs, real) if platform == "linux" else None
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
            raise _fail(
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
        bindirs.append(venv_home if p.isabs(venv_home) else p.join(p.dirname(program), venv_home))
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
    for cand in (*_build_tree_candidates(fs, real),
                 *_stdlib_candidates(fs, bindirs, facts.xy, facts.abi_thread, depth=4)):
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


def _to_interpreter(facts: Facts, shown: str) -> Interpreter:
    xy = facts.xy
    if xy is None:
        raise _fail(
            f"python interpreter {shown!r} is not a CPython pywhence can read (no version found;"
            " --probe would run it to ask)",
            shown,
        )
    if xy < MIN_VERSION or xy > MAX_VERSION:
        lo, hi = MIN_VERSION, MAX_VERSION
        raise _fail(
            f"python interpreter {shown!r} is Python {xy[0]}.{xy[1]}; pywhence models "
            f"{lo[0]}.{lo[1]}\u2013{hi[0]}.{hi[1]}",
            shown,
        )
    prefix = facts.prefix if facts.prefix is not None else "/usr/local"
    build = Build(
        prefix=prefix,
        exec_prefix=facts.exec_prefix if facts.exec_prefix is not None else "",
        platlibdir=facts.platlibdir if facts.platlibdir is not None else "lib",
        vpath=facts.vpath or "",
        abi_thread=facts.abi_thread or "",
        abiflags=sys_abiflags(facts),
        extension_suffixes=facts.extension_suffixes or (),
        pythonpath=facts.pythonpath or "",
        shared=facts.shared,
        multiarch=facts.multiarch or "",
    )
    prov = dict(facts.provenance)
    if "major" in prov:
        prov.setdefault("version", prov.pop("major"))
        prov.pop("minor", None)
    if "micro" in prov:
        prov["version micro"] = prov.pop("micro")
    for name in ("prefix", "exec_prefix", "platlibdir"):
        if getattr(facts, name) is None:
            prov[name] = "not found on disk; CPython's default assumed"
    return Interpreter(
        version=Version(xy[0], xy[1], facts.micro),
        platform=facts.platform,
        build=build,
        executable=facts.executable,
        library=facts.library,
        site_flavour=facts.site_flavour or "cpython",
        provenance=tuple(prov.items()),
    )


# ---------------------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------------------


#: uid -> (signature of /etc/passwd, home directory): the password database read once.
_PASSWD_CACHE: dict[int, tuple[Any, str | None]] = {}
forget_with(_PASSWD_CACHE.clear)


def _passwd_home(uid: int) -> str | None:
    """The home directory of *uid* in the password database (``~`` when HOME is unset).

    Remembered while /etc/passwd keeps its ``stat``; a database served by another NSS
    source (LDAP) is read again only when /etc/passwd changes.
    """
    sig = signature("/etc/passwd")
    hit = _PASSWD_CACHE.get(uid)
    if hit is not None and hit[0] == sig:
        return hit[1]
    try:
        import pwd

        home: str | None = pwd.getpwuid(uid).pw_dir
    except (ImportError, KeyError):
        home = None
    _PASSWD_CACHE[uid] = (sig, home)
    return home


def discover_invocation(
    python: str | None,
    args: tuple[str, ...],
    env: dict[str, str],
    cwd: str,
    root: str | None,
    probe: bool,
) -> tuple[Interpreter, Invocation, FileSystem]:
    """The model's inputs for ``python ARGS...`` run in *cwd* with *env* (see module doc).

    *python*: None for the interpreter running pywhence; a path containing ``/`` is
    argv[0] as typed (relative to *cwd*); a bare name is looked up on *env*'s PATH the
    way ``execvp`` would, and is argv[0] as typed (CPython searches PATH itself).
    """
    fs: FileSystem = RootedFS(root) if root is not None else LocalFS()
    p = fs.path
    # A process's getcwd() is physical (the kernel holds no symlinks in it), and CPython
    # makes relative paths absolute with it: a symlinked cwd is resolved here.
    if p.isabs(cwd):
        try:
            cwd = fs.resolve(cwd)
        except OSError:
            pass
    if python is None:
        if root is not None:
            raise _fail("--root needs --python: the interpreter running pywhence is not inside the root", root)
        argv0 = sys.executable
        if not argv0:
            raise _fail("the interpreter running pywhence does not know its own path (sys.executable is empty)", "")
        executable = argv0
    elif fs.sep in python or (fs.flavour == "nt" and "/" in python):
        argv0 = python
        # joined, not normalised: the kernel resolves "link/.." physically
        executable = python if p.isabs(python) else p.join(cwd, python)
        if not p.isabs(python) and fs.lstat(executable) is None:
            # relative to the target's working directory (--cwd), as the kernel sees it
            raise _fail(f"python interpreter {python!r} does not exist in the working "
                        f"directory {cwd} (a relative --python is resolved against --cwd)",
                        python)
    else:
        argv0 = python
        path_value = env.get("PATH")
        found = find_on_path(fs, python, path_value, cwd)
        if found is None:
            shown_path = path_value if path_value is not None else f"{_DEFAULT_PATH} (PATH is unset)"
            raise _fail(f"python interpreter {python!r} not found on PATH={shown_path}", python)
        executable = found

    facts = discover_interpreter(fs, executable, env, shown=python or argv0)
    if probe:
        from .probe import fill_from_probe

        fill_from_probe(fs, facts, env)
    interp = _to_interpreter(facts, python or argv0)

    uid = euid = gid = egid = None
    passwd_home = None
    if root is None and hasattr(os, "getuid"):
        uid, euid, gid, egid = os.getuid(), os.geteuid(), os.getgid(), os.getegid()
        if not env.get("HOME"):
            passwd_home = _passwd_home(uid)
    real_executable = None
    if interp.platform != "linux":
        # macOS (_NSGetExecutablePath) and Windows (GetModuleFileNameW) ask the OS; the
        # OS reports the path the program was started from.
        real_executable = executable
    inv = Invocation(
        argv=(argv0, *args),
        env=env,
        cwd=cwd,
        real_executable=real_executable,
        library=None if interp.platform == "linux" else interp.library,
        uid=uid,
        euid=euid,
        gid=gid,
        egid=egid,
        passwd_home=passwd_home,
    )
    return interp, inv, fs
