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
from ..errors import InterpreterNotFound, UsageError
from ..invocation import Invocation
from .elf import platform_of
from .facts import Facts, sys_abiflags
from .filecache import (
    Recorder,
    binary_damage_of,
    clear_file_cache,
    signature,
    signatures,
    still_same,
)
from .install import clear_install_cache, gather_install, gather_install_remembered
from .interpreter import Build, Interpreter, Version
from .pyvenv_cfg import read_pyvenv_cfg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = [
    "MAX_VERSION",
    "MIN_VERSION",
    "Facts",
    "clear_caches",
    "discover_interpreter",
    "discover_invocation",
    "find_on_path",
    "user_ids",
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
    clear_install_cache()
    _FACTS_CACHE.clear()
    _INTERPRETERS.clear()


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


def discover_interpreter(
    fs: FileSystem, executable: str, env: Mapping[str, str], *, shown: str | None = None
) -> Facts:
    """The static facts of the interpreter at absolute target path *executable*.

    *executable* is argv[0] made absolute (not resolved): getpath looks for
    ``pyvenv.cfg`` beside it, before resolving symlinks.  On the local disk the answer
    is cached in-process and reused while every path consulted keeps its ``stat``.
    A fresh :class:`Facts` is returned each time (callers may fill it in).
    """
    facts = _remembered_facts(fs, executable, env, shown or executable)
    return replace(facts, provenance=dict(facts.provenance))


def _remembered_facts(fs: FileSystem, executable: str, env: Mapping[str, str],
                      shown: str) -> Facts:
    """:func:`discover_interpreter`'s answer, the remembered object itself on the local
    disk (never to be changed: :func:`discover_interpreter` hands out copies)."""
    if not isinstance(fs, LocalFS):
        return _discover(fs, executable, env, shown)
    key = (executable, env.get("LD_LIBRARY_PATH") or "")
    hit = _FACTS_CACHE.get(key)
    if hit is not None:
        facts, sigs = hit
        if all(still_same(path, sig) for path, sig in sigs):
            return facts
    rec = Recorder(fs)
    facts = _discover(rec, executable, env, shown)
    _FACTS_CACHE[key] = (facts, signatures(rec.seen, rec.known))
    return facts


#: id of a remembered Facts -> (that Facts, the Interpreter made of it): a repeated
#: question gets the very same (immutable) Interpreter, whose equality is then identity.
_INTERPRETERS: dict[int, tuple[Facts, Interpreter]] = {}
forget_with(_INTERPRETERS.clear)


def _interpreter_of(facts: Facts, shown: str) -> Interpreter:
    hit = _INTERPRETERS.get(id(facts))
    if hit is not None and hit[0] is facts:
        return hit[1]
    interp = _to_interpreter(facts, shown)
    if len(_INTERPRETERS) >= 256:
        _INTERPRETERS.clear()
    _INTERPRETERS[id(facts)] = (facts, interp)
    return interp


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

    if venv_home and not p.isabs(venv_home):
        venv_home = p.join(p.dirname(program), venv_home)
    if isinstance(fs, Recorder):
        return gather_install_remembered(fs, facts, real, venv_home, venv_version, env, shown)
    return gather_install(fs, facts, real, venv_home, venv_version, env, shown)


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


def user_ids(fs: FileSystem, user: str, root: str | None) -> tuple[int, int | None, str | None]:
    """(uid, primary gid, home directory) of *user*, a name or a numeric uid.

    Under *root* the image's own ``/etc/passwd`` is read (``name:password:uid:gid:gecos:
    home:shell``); otherwise this machine's password database answers.  A numeric uid
    that no entry has is that uid, with no group or home known; an unknown name is an
    error naming it.
    """
    entries: list[tuple[str, int, int, str]] = []
    if root is None:
        try:
            import pwd

            if user.isascii() and user.isdigit():
                e = pwd.getpwuid(int(user))
            else:
                e = pwd.getpwnam(user)
            entries.append((e.pw_name, e.pw_uid, e.pw_gid, e.pw_dir))
        except (ImportError, KeyError, OverflowError):
            pass
    else:
        try:
            text = fs.read_bytes("/etc/passwd", 1 << 22).decode("utf-8", "replace")
        except OSError:
            text = ""
        for line in text.splitlines():
            fields = line.split(":")
            if len(fields) >= 7 and fields[2].isdigit() and fields[3].isdigit():
                entries.append((fields[0], int(fields[2]), int(fields[3]), fields[5]))
    for name, uid, gid, home in entries:
        if name == user or (user.isascii() and user.isdigit() and uid == int(user)):
            return uid, gid, home or None
    if user.isascii() and user.isdigit():
        return int(user), None, None
    where = f"{root.rstrip('/')}/etc/passwd" if root is not None else "this machine's password database"
    raise UsageError(f"user {user!r} is not in {where}", user)


def discover_invocation(
    python: str | None,
    args: tuple[str, ...],
    env: dict[str, str],
    cwd: str,
    root: str | None,
    probe: bool,
    user: str | None = None,
) -> tuple[Interpreter, Invocation, FileSystem]:
    """The model's inputs for ``python ARGS...`` run in *cwd* with *env* (see module doc).

    *python*: None for the interpreter running pywhence; a path containing ``/`` is
    argv[0] as typed (relative to *cwd*); a bare name is looked up on *env*'s PATH the
    way ``execvp`` would, and is argv[0] as typed (CPython searches PATH itself).
    *user*: the user the interpreter runs as (a name or a numeric uid, looked up in the
    password database of the disk read: ``/etc/passwd`` inside *root*, else this
    machine's); by default the user running pywhence, or none known under *root*.
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

    if probe:
        from .probe import fill_from_probe

        facts = discover_interpreter(fs, executable, env, shown=python or argv0)
        fill_from_probe(fs, facts, env)
        interp = _to_interpreter(facts, python or argv0)
    else:
        interp = _interpreter_of(_remembered_facts(fs, executable, env, python or argv0),
                                 python or argv0)

    uid = euid = gid = egid = None
    passwd_home = None
    if user is not None:
        uid, gid, home = user_ids(fs, user, root)
        euid, egid = uid, gid
        if not env.get("HOME"):
            passwd_home = home
    elif root is None and hasattr(os, "getuid"):
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
