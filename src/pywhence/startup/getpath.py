"""Path configuration: what CPython's getpath computes, computed without running it.

Three algorithms live here, chosen by the ``getpath_py`` switch (bpo-45582) and the
target's platform:

* :class:`_GetpathPy` -- 3.11 and later, ``Modules/getpath.py`` (frozen Python run over
  C helpers from ``Modules/getpath.c``), every platform.  Steps 1-12 follow its order.
* :class:`_GetpathC` -- 3.8 to 3.10 on Linux and macOS, the C algorithm of
  ``Modules/getpath.c``: ``argv0_path`` from the resolved executable (on macOS framework
  builds, from the framework dylib), ``pyvenv.cfg`` read with ``_Py_FindEnvConfigValue``,
  landmark searches that climb with ``reduce()``, the search path built as one
  ``DELIM``-joined string, and prefixes reduced at the end.
* :class:`_GetpathNT` -- 3.8 to 3.10 on Windows, ``PC/getpathp.c``; modelled from
  source, not verified against a real interpreter (the trace says so).

Both read the disk only through :class:`~pywhence.fs.FileSystem`, through helpers that
reproduce getpath's own (``dirname`` is "before the last ``/``", ``joinpath``
normalises in 3.11+ and does not before, ``realpath`` resolves the last component
only).  Relative paths are looked up against the invocation's working directory, as
``stat()`` in the real process would.

Every version difference is a named :class:`~pywhence.behaviour.Behaviour` switch;
every platform deviation is labelled ``QUIRK:``.  For 3.11+ the ``posix``, ``darwin``
and ``nt`` branches are checked against CPython's own frozen getpath
(tests/oracle); ``darwin``'s and ``nt``'s OS inputs (``_NSGetExecutablePath`` /
``GetModuleFileNameW``, the loaded library, the registry) come from
:class:`~pywhence.config.Invocation` (see docs/pathconfig.md).
"""

from __future__ import annotations

import errno
import io
import posixpath
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..disk.fs import FileSystem
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter
from ..trace import Trace
from .initconfig import Config, env_value
from .result import Entry, Origin, PathConfig

__all__ = ["compute_path_config"]

#: getpath.c (3.11+) ``readlines`` refuses files of 32 KiB or more (MemoryError).
_READLINES_MAX = 32 * 1024
#: ``_Py_FindEnvConfigValue`` (3.8-3.10) reads lines with ``fgets`` into
#: ``MAXPATHLEN * 2 + 1`` characters, passing one less: a line holds at most 8190 bytes.
_ENVCFG_LINE_MAX = 4096 * 2 - 2
#: ``pybuilddir.txt`` is read with one ``fread`` of ``MAXPATHLEN`` bytes (3.8-3.10).
_MAXPATHLEN = 4096
#: getpath's symlink loops give up after this many links (the Linux 4.2 limit).
_MAXSYMLINKS = 40

_STAGE = "getpath"


class _GetpathFailed(Exception):
    """getpath raised: CPython stops with a fatal error before anything is imported."""


# ---------------------------------------------------------------------------------------
# Inputs common to both algorithms
# ---------------------------------------------------------------------------------------


@dataclass
class _Inputs:
    """The values CPython hands to getpath, gathered once from the model's inputs."""

    os_name: str  # 'posix', 'darwin' or 'nt' (getpath.py's os_name)
    sep: str
    delim: str
    cwd: str
    program_name: str
    home: str | None  # PyConfig.home (an embedder's), PYTHONHOME is separate
    env_pythonhome: str | None
    env_path: str | None  # PATH, read whatever -E/-I say
    env_path_raw: str | None  # PATH as getenv returns it ('' kept): 3.8-3.10
    env_pythonexecutable: str | None
    env_pyvenv_launcher: str | None
    pythonpath_env: str | None
    use_environment: bool
    platlibdir: str
    real_executable: str | None
    library: str | None
    module_search_paths: tuple[str, ...] | None
    registry: Mapping[str, str] = field(default_factory=dict)
    warnings_enabled: bool = True


def _gather(target: Interpreter, config: Config) -> _Inputs:
    inv = config.invocation
    env = inv.env
    flavour = target.flavour
    os_name = "nt" if flavour == "nt" else ("darwin" if target.platform == "darwin" else "posix")
    # QUIRK: Linux gives getpath no 'real_executable' and no 'library' (getpath.c
    # progname_to_dict / library_to_dict fill them on macOS and Windows only, and the
    # library on macOS only for framework builds).
    real_exe = inv.real_executable if os_name != "posix" else None
    if os_name == "darwin" and not (real_exe or "").startswith("/"):
        real_exe = None  # _NSGetExecutablePath() is kept only when absolute
    if os_name == "nt" or (os_name == "darwin" and target.build.framework):
        library = inv.library
    else:
        library = None
    return _Inputs(
        os_name=os_name,
        sep="\\" if flavour == "nt" else "/",
        delim=";" if flavour == "nt" else ":",
        cwd=inv.cwd,
        program_name=config.program_name,
        home=config.home,
        env_pythonhome=env_value(env, "PYTHONHOME"),
        env_path=env_value(env, "PATH"),
        env_path_raw=env.get("PATH"),
        env_pythonexecutable=env_value(env, "PYTHONEXECUTABLE"),
        env_pyvenv_launcher=env_value(env, "__PYVENV_LAUNCHER__"),
        pythonpath_env=config.pythonpath_env,
        use_environment=config.use_environment,
        platlibdir=config.platlibdir or target.build.platlibdir,
        real_executable=real_exe,
        library=library,
        module_search_paths=config.module_search_paths,
        registry=inv.registry if os_name == "nt" else {},
    )


# ---------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------


def compute_path_config(
    target: Interpreter, config: Config, fs: FileSystem, sw: Behaviour, trace: Trace
) -> PathConfig:
    """CPython's path configuration for *target* started with *config* on *fs*.

    The result holds what ``sys`` shows once getpath is done (before site.py), the
    module search path with the origin of every entry, the warnings getpath prints, and
    ``fatal`` when CPython would stop (getpath failed, or no entry provides the
    ``encodings`` package).
    """
    inp = _gather(target, config)
    if sw.getpath_py:
        trace.add(_STAGE, "algorithm", "Modules/getpath.py (3.11+)", f"version {target.version}")
        try:
            pc = _GetpathPy(target, config, fs, sw, trace, inp).run()
        except _GetpathFailed as exc:
            return _failed(config, inp, str(exc), trace)
    else:
        trace.add(_STAGE, "algorithm", "Modules/getpath.c (3.8-3.10)", f"version {target.version}")
        if inp.os_name == "nt":
            trace.add(_STAGE, "algorithm", "PC/getpathp.c (Windows, 3.8-3.10)",
                      "modelled from source, not verified against a real interpreter")
            pc = _GetpathNT(target, config, fs, sw, trace, inp).run()
        else:
            pc = _GetpathC(target, config, fs, sw, trace, inp).run()
    return _check_stdlib(pc, fs, sw, trace, inp)


def _failed(config: Config, inp: _Inputs, message: str, trace: Trace) -> PathConfig:
    fatal = (
        "Fatal Python error: error evaluating path\n"
        f"Python runtime state: core initialized\n{message}"
    )
    trace.add(_STAGE, "getpath failed", fatal, message)
    return PathConfig(
        executable="", base_executable="", prefix="", exec_prefix="", base_prefix="",
        base_exec_prefix="", stdlib_dir="", program_name=inp.program_name,
        isolated=config.isolated, use_environment=config.use_environment,
        site_import=config.site_import, safe_path=config.safe_path, fatal=fatal,
    )


# ---------------------------------------------------------------------------------------
# getpath's helpers, over a FileSystem
# ---------------------------------------------------------------------------------------


class _Disk:
    """The file tests getpath makes, relative paths taken against the working directory."""

    def __init__(self, fs: FileSystem, cwd: str, sep: str) -> None:
        self.fs = fs
        self.cwd = cwd
        self.sep = sep
        self._p = fs.path
        self._posix = fs.flavour == "posix"

    def _at(self, path: str) -> str | None:
        if not path:
            return None
        if path[0] == "/" if self._posix else self._p.isabs(path):
            return path
        joined: str = self._p.join(self.cwd, path)
        return joined

    def isfile(self, path: str) -> bool:
        p = self._at(path)
        return p is not None and self.fs.is_file(p)

    def isdir(self, path: str) -> bool:
        p = self._at(path)
        return p is not None and self.fs.is_dir(p)

    def isxfile(self, path: str) -> bool:
        p = self._at(path)
        return p is not None and self.fs.is_xfile(p)

    def readlink(self, path: str) -> str:
        p = self._at(path)
        if p is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        return self.fs.readlink(p)

    def read(self, path: str, limit: int | None = None) -> bytes:
        """``fopen`` + ``fread``: a directory opens and reads as empty (Linux)."""
        p = self._at(path)
        if p is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        try:
            return self.fs.read_bytes(p, limit)
        except IsADirectoryError:
            return b""


def _decode(data: bytes) -> str:
    """``_Py_DecodeUTF8_surrogateescape`` into a wide string: a NUL ends the text."""
    text = data.decode("utf-8", "surrogateescape")
    nul = text.find("\0")
    return text if nul < 0 else text[:nul]


# ---------------------------------------------------------------------------------------
# 3.11+: Modules/getpath.py
# ---------------------------------------------------------------------------------------


@dataclass
class _Found:
    """A value and the words that say where it came from (for entries and the trace)."""

    value: str | None = None
    why: str = ""


@dataclass
class _PyState:
    """getpath.py's globals, as the steps fill them in."""

    executable: str | None = None
    base_executable: str | None = None
    real_executable: str | None = None
    executable_dir: str | None = None
    real_executable_dir: str | None = None
    home: str | None = None
    home_was_set: bool = False
    venv_prefix: str | None = None
    venv_home: str | None = None
    pth: list[str] | None = None
    pth_path: str | None = None
    pth_dir: str | None = None
    use_environment: bool = True
    build_prefix: str | None = None
    stdlib_dir: str | None = None
    platstdlib_dir: str | None = None
    prefix: _Found = field(default_factory=_Found)
    exec_prefix: _Found = field(default_factory=_Found)
    base_prefix: str | None = None
    base_exec_prefix: str | None = None
    warnings: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)


class _Run:
    """What every path algorithm run holds: its inputs, a disk in the target's separator,
    and the trace it writes to."""

    def __init__(self, target: Interpreter, config: Config, fs: FileSystem, sw: Behaviour,
                 trace: Trace, inp: _Inputs, sep: str) -> None:
        self.t = target
        self.config = config
        self.fs = fs
        self.sw = sw
        self.trace = trace
        self.inp = inp
        self.disk = _Disk(fs, inp.cwd, sep)
        self._normpath: Callable[[str], str] = fs.path.normpath

    def note(self, rule: str, outcome: str, *inputs: str) -> int:
        return self.trace.add(_STAGE, rule, outcome, *inputs)


class _GetpathPy(_Run):
    """One run of the 3.11+ algorithm."""

    def __init__(self, target: Interpreter, config: Config, fs: FileSystem, sw: Behaviour,
                 trace: Trace, inp: _Inputs) -> None:
        super().__init__(target, config, fs, sw, trace, inp, inp.sep)
        self.s = _PyState(use_environment=inp.use_environment)
        b = target.build
        v = target.version
        abi = b.abi_thread if sw.abi_thread else ""
        plat = inp.platlibdir
        self.PREFIX = b.prefix
        self.EXEC_PREFIX = b.effective_exec_prefix
        self.VPATH = b.vpath
        self.EXE_SUFFIX = b.exe_suffix
        if inp.os_name == "nt":
            self.STDLIB_SUBDIR = "Lib"
            self.STDLIB_LANDMARKS = ["Lib\\os.py", "Lib\\os.pyc"]
            self.PLATSTDLIB_LANDMARK = plat
            self.BUILDSTDLIB_LANDMARKS = ["Lib\\os.py"]
            self.BUILD_LANDMARK = f"{b.vpath}\\Modules\\Setup.local"
            self.ZIP_LANDMARK = f"python{v.major}{v.minor}{b.debug_ext}.zip"
            self.DEFAULT_PROGRAM_NAME = "python"
        else:
            self.STDLIB_SUBDIR = f"{plat}/python{v.major}.{v.minor}{abi}"
            self.STDLIB_LANDMARKS = [f"{self.STDLIB_SUBDIR}/os.py", f"{self.STDLIB_SUBDIR}/os.pyc"]
            self.PLATSTDLIB_LANDMARK = f"{self.STDLIB_SUBDIR}/lib-dynload"
            self.BUILDSTDLIB_LANDMARKS = ["Lib/os.py"]
            self.BUILD_LANDMARK = "Modules/Setup.local"
            self.ZIP_LANDMARK = f"{plat}/python{v.major}{v.minor}{abi}.zip"
            self.DEFAULT_PROGRAM_NAME = f"python{v.major}"
        self.BUILDDIR_TXT = "pybuilddir.txt"
        self.VENV_LANDMARK = "pyvenv.cfg"

    # -- helpers (Modules/getpath.c, 3.11+) -------------------------------------------
    def warn(self, message: str) -> None:
        self.s.warnings.append(message)
        self.note("warning", message)

    def dirname(self, path: str) -> str:
        i = path.rfind(self.inp.sep)
        return path[:i] if i >= 0 else ""

    def basename(self, path: str) -> str:
        return path[path.rfind(self.inp.sep) + 1:]

    def isabs(self, path: str) -> bool:
        """``_Py_isabs``: on Windows a drive or UNC root is needed ('\\x' and 'C:x' are not)."""
        if self.inp.os_name == "nt":
            return bool(path) and _nt_isabs(path)
        return path[:1] == "/"

    def hassuffix(self, path: str, suffix: str) -> bool:
        if self.inp.os_name == "nt":
            return path.lower().endswith(suffix.lower())
        return path.endswith(suffix)

    def normpath(self, path: str) -> str:
        """``_Py_normpath``: lexical, like os.path.normpath, but '' stays '' and (POSIX) a
        relative path that cancels out entirely ('a/..', './') becomes '' -- only '.'
        itself stays '.' (measured: posix._path_normpath of 3.11/3.12 is this function;
        a ._pth line '..' beside a relative executable gives sys.path entry '')."""
        if not path:
            return ""
        n = self._normpath(path)
        if n == "." and path != "." and self.inp.os_name != "nt":
            return ""
        return n

    def joinpath(self, *parts: str | None) -> str:
        """Join from the last absolute part on, then normalise (``getpath_joinpath``)."""
        out = ""
        for p in parts:
            if p is None:
                continue
            # An absolute part starts the result afresh, so folding from the start
            # gives the join from the last absolute part on.
            out = p if not out or self.isabs(p) else self._join_relfile(out, p)
        return self.normpath(out)

    def _join_relfile(self, directory: str, relfile: str) -> str:
        """``join_relfile``: QUIRK: no separator after a one-character directory.

        ``joinpath('.', 'python3')`` is ``'.python3'`` (measured: ``PATH=.`` never finds
        the interpreter in 3.11-3.13, while ``PATH=./`` does).  Windows combines with
        ``PathCchCombineEx`` instead, where a rooted part replaces all but the drive.
        """
        if self.inp.os_name == "nt":
            joined: str = self.fs.path.join(directory, relfile)
            return joined
        if len(directory) > 1 and not directory.endswith(self.inp.sep):
            return directory + self.inp.sep + relfile
        return directory + relfile

    def abspath(self, path: str) -> str:
        """``_Py_abspath(_Py_normpath(path))``: normalised first, joined to the cwd as is.

        QUIRK: the join is not normalised again, so '../x' keeps its '..' and a cwd of
        '/' gives '//x' (measured with 3.11.7, 3.12.1, 3.13.0).
        """
        n = self.normpath(path)
        if n in ("", "."):
            return self.inp.cwd
        if self.isabs(n):
            return n
        if self.inp.os_name == "nt":
            # GetFullPathNameW: against the cwd (or its drive), normalised.
            full: str = self.fs.path.normpath(self.fs.path.join(self.inp.cwd, n))
            return full
        return self.inp.cwd + self.inp.sep + n

    def readlines(self, path: str) -> list[str]:
        """``getpath_readlines``: up to 32 KiB of UTF-8 text, split on '\\n' ('\\r' dropped)."""
        if self.inp.os_name == "nt" and self.disk.isdir(path):
            # QUIRK: Windows cannot open a directory (EACCES); Linux reads it as empty.
            raise PermissionError(errno.EACCES, "Permission denied", path)
        data = self.disk.read(path, _READLINES_MAX)
        if len(data) >= _READLINES_MAX:
            raise _GetpathFailed("MemoryError: cannot read file larger than 32KB during initialization")
        text = _decode(data)
        lines: list[str] = []
        while True:
            nl = text.find("\n")
            if nl < 0:
                break
            lines.append(text[:nl].rstrip("\r\n"))
            text = text[nl + 1:]
        if text:
            lines.append(text)
        return lines

    def realpath(self, path: str) -> str:
        """Resolve the last component again and again (``getpath_realpath`` with readlink).

        On Windows the whole path is resolved (``GetFinalPathNameByHandleW``) and the
        input is kept when the result differs only in case.
        """
        if self.inp.os_name == "nt":
            at = self.disk._at(path) or path
            resolved = self.fs.resolve(at)
            return path if resolved.lower() == path.lower() else resolved
        count = 0
        while True:
            try:
                target = self.disk.readlink(path)
            except OSError:
                return path
            if self.isabs(target):
                path = target
            else:
                i = path.rfind(self.inp.sep)
                base = path[:i] if i >= 0 else path
                path = self.normpath(self._join_relfile(base, target))
            count += 1
            if count >= _MAXSYMLINKS:
                raise OSError(errno.ELOOP, "maximum number of symbolic links reached", path)

    def search_up(self, start: str, landmarks: list[str], *, dirs: bool = False) -> str | None:
        prefix = start
        test = self.disk.isdir if dirs else self.disk.isfile
        while prefix:
            for f in landmarks:
                if test(self.joinpath(prefix, f)):
                    return prefix
            prefix = self.dirname(prefix)
        return None

    # -- the algorithm --------------------------------------------------------------------
    def run(self) -> PathConfig:
        try:
            return self._run()
        except OSError as exc:
            # getpath.py lets most OSErrors through (only missing or forbidden files are
            # expected), and CPython stops.
            raise _GetpathFailed(f"{type(exc).__name__}: [Errno {exc.errno}] {exc.strerror}") from None

    def _run(self) -> PathConfig:
        self.step1_program_name()
        self.step2_executable()
        self.step3_home()
        self.step4_pyvenv_cfg()
        self.step5_real_executable()
        self.step6_pth_file()
        self.step7_build_directory()
        self.step8_prefixes()
        self.step9_venv_prefix()
        self.step10_module_search_paths()
        self.step11_build_prefix_reset()
        self.step12_apply_pth()
        return self.result()

    # ==================================================================================
    # Step 1. program_name
    # ==================================================================================
    def step1_program_name(self) -> None:
        name = self.inp.program_name or self.DEFAULT_PROGRAM_NAME
        if (self.EXE_SUFFIX and not self.hassuffix(name, self.EXE_SUFFIX)
                and self.disk.isxfile(name + self.EXE_SUFFIX)):
            name += self.EXE_SUFFIX
        self.program_name = name
        self.note("program name", repr(name),
                  "argv[0]" if self.inp.program_name else f"default {self.DEFAULT_PROGRAM_NAME}")

    # ==================================================================================
    # Step 2. executable: argv[0] made absolute, or found on PATH
    # ==================================================================================
    def step2_executable(self) -> None:
        s, inp = self.s, self.inp
        name = self.program_name
        if inp.sep in name:
            s.executable = self.abspath(name)
            self.note("executable", s.executable,
                      f"argv[0] {name!r} contains '{inp.sep}': made absolute against cwd {inp.cwd}")
        s.real_executable = inp.real_executable
        if not s.executable:
            # macOS and Windows know the running binary; POSIX leaves it unset.
            s.executable = inp.real_executable
            if s.executable:
                self.note("executable", s.executable, "reported by the OS")
        elif inp.os_name == "darwin":
            # QUIRK: macOS trusts the given path over the OS's, to detect build trees.
            s.real_executable = s.executable
        if not s.executable and name and inp.env_path:
            # NOTE: PATH is read even under -E/-I (getpath.py ignores use_environment here).
            for i, d in enumerate(inp.env_path.split(inp.delim), 1):
                cand = self.joinpath(d, name)
                if self.disk.isxfile(cand):
                    s.executable = cand
                    self.note("executable", cand, f"PATH item {i} {d!r} holds executable {name!r}")
                    break
        if not s.executable:
            s.executable = ""
            # When the executable cannot be found, searches start from the cwd.
            s.executable_dir = s.real_executable_dir = self.abspath(".")
            self.note("executable", "'' (not found)", f"{name!r} has no '/' and is not on PATH; searches start at cwd {inp.cwd}")
        launcher = inp.env_pythonexecutable or inp.env_pyvenv_launcher
        if launcher:
            # PYTHONEXECUTABLE / __PYVENV_LAUNCHER__ become sys.executable (read even under -E);
            # prefixes are still searched from argv[0].
            if inp.os_name == "darwin" and self.t.build.framework:
                if not inp.library:
                    # getpath formats dirname(None): CPython stops (a framework build
                    # always knows its dylib, so only a hand-made world gets here).
                    raise _GetpathFailed("TypeError: dirname() argument must be str, not None")
                v = self.t.version
                s.base_executable = f"{self.dirname(inp.library)}/bin/python{v.major}.{v.minor}"
            elif self.sw.launcher_base_is_real_executable:
                s.base_executable = s.real_executable or s.executable
            else:
                # QUIRK: before 3.13 the base is argv[0]'s executable, which on Windows is
                # the venv's own Scripts\python.exe when the launcher passes it as argv[0].
                s.base_executable = s.executable
            if not s.real_executable:
                s.real_executable = s.base_executable
            s.executable = launcher
            s.executable_dir = self.dirname(launcher)
            var = "PYTHONEXECUTABLE" if inp.env_pythonexecutable else "__PYVENV_LAUNCHER__"
            self.note("executable override", launcher, f"{var}={launcher}",
                      f"base executable {s.base_executable}")

    # ==================================================================================
    # Step 3. home: an embedder's, else PYTHONHOME
    # ==================================================================================
    def step3_home(self) -> None:
        s, inp = self.s, self.inp
        if inp.home:
            s.home = inp.home
            s.home_was_set = True
            self.note("home", inp.home, "set by the embedding application")
        elif s.use_environment and inp.env_pythonhome:
            s.home = inp.env_pythonhome
            self.note("home", inp.env_pythonhome, f"PYTHONHOME={inp.env_pythonhome}")

    # ==================================================================================
    # Step 4. pyvenv.cfg: one directory above the executable's, then beside it
    # ==================================================================================
    def step4_pyvenv_cfg(self) -> None:
        s = self.s
        if s.home and not self.sw.pyvenv_cfg_read_under_home:
            return
        d2 = s.executable_dir or self.dirname(s.executable or "")
        d1 = self.dirname(d2)
        cfg_path = None
        lines: list[str] = []
        for cand_dir in (d1, d2):
            p = self.joinpath(cand_dir, self.VENV_LANDMARK)
            try:
                lines = self.readlines(p)
            except (FileNotFoundError, PermissionError):
                continue
            cfg_path, s.venv_prefix = p, cand_dir
            break
        if cfg_path is None:
            self.note("venv", "no pyvenv.cfg", self.joinpath(d1, self.VENV_LANDMARK), self.joinpath(d2, self.VENV_LANDMARK))
            return
        for n, line in enumerate(lines, 1):
            key, eq, value = line.partition("=")
            if not (eq and key.strip().lower() == "home"):
                continue
            if s.home:
                # 3.14: PYTHONHOME wins over the file's home, but the venv stays.
                self.note("venv", f"{cfg_path} line {n} home ignored: home is set", line)
                break
            s.venv_home = value.strip()
            s.executable_dir = s.real_executable_dir = s.venv_home
            self.note("venv", f"pyvenv.cfg line {n} home={s.venv_home}", f"{cfg_path} line {n}: {line}")
            if not s.base_executable:
                self._venv_base_executable()
            break
        else:
            if not self.sw.pyvenv_cfg_read_under_home:
                self.note("venv", f"{cfg_path} has no 'home' line: not a venv", cfg_path)
                s.venv_prefix = None

    def _venv_base_executable(self) -> None:
        s = self.s
        exe = s.executable or ""
        try:
            base = self.realpath(exe)
            if base == exe:
                base = ""
        except OSError:
            base = ""
        if base:
            s.base_executable = base
            self.note("base executable", base, f"venv executable {exe} is a symlink")
            self._venv_base_executable_dir()
            return
        home = s.executable_dir or ""
        s.base_executable = self.joinpath(home, self.basename(exe))
        why = f"pyvenv.cfg home + name of {exe}"
        if (self.sw.venv_base_executable_fallback_names and self.inp.os_name != "nt"
                and not self.disk.isfile(s.base_executable)):
            # QUIRK: `make install` has no plain 'python' (gh-99204).
            v = self.t.version
            name = self.basename(exe)
            for cand in (self.DEFAULT_PROGRAM_NAME, f"python{v.major}.{v.minor}"):
                cand += self.EXE_SUFFIX or ""
                if name == cand:
                    continue
                path = self.joinpath(home, cand)
                if self.disk.isfile(path):
                    s.base_executable = path
                    why = f"{self.joinpath(home, name)} is not a file; {cand} is (gh-99204)"
                    break
        self.note("base executable", s.base_executable, why)
        self._venv_base_executable_dir()

    def _venv_base_executable_dir(self) -> None:
        """gh-106045 (3.14.10): the base executable's own directory, when it looks like
        an install or a build, replaces home as the start of the prefix search."""
        s = self.s
        base = s.base_executable
        if not (self.sw.venv_base_executable_dir_landmarks and base and self.disk.isfile(base)):
            return
        d = self.dirname(base)
        if (self.disk.isfile(self.joinpath(d, self.BUILDDIR_TXT))
                or self.search_up(d, [self.ZIP_LANDMARK, *self.STDLIB_LANDMARKS])):
            s.executable_dir = s.real_executable_dir = d
            self.note("executable dir", d, f"directory of base executable {base} (gh-106045)")

    # ==================================================================================
    # Step 5. base_executable, real_executable, executable_dir
    # ==================================================================================
    def step5_real_executable(self) -> None:
        s = self.s
        if not s.base_executable:
            s.base_executable = s.executable or s.real_executable or ""
        if not s.real_executable:
            s.real_executable = s.base_executable
        if s.real_executable:
            try:
                resolved = self.realpath(s.real_executable)
                if resolved != s.real_executable:
                    self.note("real executable", resolved, f"symlink {s.real_executable} resolved (last component only)")
                s.real_executable = resolved
            except OSError:
                if self.disk.isfile(s.real_executable):
                    named = s.real_executable if self.sw.venv_in_getpath else s.base_executable
                    self.warn(f"Failed to find real location of {named}")
        if not s.executable_dir and self.inp.os_name == "darwin" and self.inp.library:
            # QUIRK: macOS looks beside its library early.
            libdir = self.dirname(self.inp.library)
            if any(self.disk.isfile(self.joinpath(libdir, p)) for p in self.STDLIB_LANDMARKS):
                try:
                    s.executable_dir = s.real_executable_dir = self.realpath(libdir)
                except OSError as exc:
                    raise _GetpathFailed(f"OSError: {exc.strerror}") from None
        if not s.executable_dir and s.real_executable:
            s.executable_dir = s.real_executable_dir = self.dirname(s.real_executable)
        if not s.real_executable_dir and s.real_executable:
            s.real_executable_dir = self.dirname(s.real_executable)
        self.note("executable dir", s.executable_dir or "''", f"real executable {s.real_executable or ''}")

    # ==================================================================================
    # Step 6. ._pth file beside the library, the executable, the real executable
    # ==================================================================================
    def step6_pth_file(self) -> None:
        s = self.s
        if s.home_was_set or not self.sw.pth_file_on_posix and self.inp.os_name != "nt":
            return
        for p in (self.inp.library, s.executable, s.real_executable):
            if not p:
                continue
            if self.inp.os_name == "nt" and (p.lower().endswith("exe") or p.lower().endswith("dll")):
                p = p.rpartition(".")[0]
            p += "._pth"
            try:
                s.pth = self.readlines(p)
            except OSError:
                continue
            s.pth_path = p
            s.pth_dir = self.dirname(p)
            break
        if s.pth_dir:
            s.use_environment = False
            s.home = s.pth_dir
            self.note("._pth file", f"{s.pth_path} replaces sys.path; home = {s.pth_dir}", s.pth_path or "")

    # ==================================================================================
    # Step 7. Running from a build directory?
    # ==================================================================================
    def step7_build_directory(self) -> None:
        s = self.s
        if s.home_was_set or not s.real_executable_dir:
            return
        red = s.real_executable_dir
        txt = self.joinpath(red, self.BUILDDIR_TXT)
        try:
            lines = self.readlines(txt)
            if lines:
                s.platstdlib_dir = self.joinpath(red, lines[0])
            else:
                s.platstdlib_dir = red
            s.build_prefix = self.joinpath(red, self.VPATH)
            self.note("build directory", f"{txt} names {s.platstdlib_dir}", txt)
        except (FileNotFoundError, PermissionError):
            if self.sw.build_dir_needs_pybuilddir_txt:
                pass  # 3.14.10: no landmark fallback
            elif self.disk.isfile(self.joinpath(red, self.BUILD_LANDMARK)):
                s.build_prefix = self.joinpath(red, self.VPATH)
                if self.inp.os_name == "nt":
                    # QUIRK: Windows builds keep extension modules beside the executable.
                    s.platstdlib_dir = red
                self.note("build directory", f"landmark {self.joinpath(red, self.BUILD_LANDMARK)}")
        if not s.build_prefix:
            return
        if self.inp.os_name == "nt":
            stdlib_prefix: str | None = s.build_prefix
        else:
            stdlib_prefix = self.search_up(s.build_prefix, self.BUILDSTDLIB_LANDMARKS)
        s.stdlib_dir = self.joinpath(stdlib_prefix or s.build_prefix, "Lib")
        s.prefix = _Found(stdlib_prefix, f"build tree: Lib/os.py found above {s.build_prefix}")
        s.exec_prefix = _Found(s.build_prefix, f"build tree {s.build_prefix}")
        self.is_python_build = True

    is_python_build = False
    user_site_directory: bool | None = None

    # ==================================================================================
    # Step 8. prefix and exec_prefix
    # ==================================================================================
    def step8_prefixes(self) -> None:
        s, inp = self.s, self.inp
        if s.home:
            pre, had, ex = s.home.partition(inp.delim)
            if not had:
                ex = pre
            src = "._pth file directory" if s.pth_dir and s.home == s.pth_dir else f"home {s.home}"
            s.prefix = _Found(pre, src)
            s.exec_prefix = _Found(ex, src)
            s.stdlib_dir = None
            self.note("prefix", f"{pre} (exec_prefix {ex})", src)

        if inp.library and not s.prefix.value:
            libdir = self.dirname(inp.library)
            if inp.os_name == "nt":
                # QUIRK: Windows does not search up for the zip.
                if self.disk.isfile(self.joinpath(libdir, self.ZIP_LANDMARK)):
                    s.prefix = _Found(libdir, f"{self.ZIP_LANDMARK} beside the library")
            else:
                found = self.search_up(libdir, [self.ZIP_LANDMARK])
                if found:
                    s.prefix = _Found(found, f"{self.ZIP_LANDMARK} above the library")
            if not s.prefix.value and any(self.disk.isfile(self.joinpath(libdir, f)) for f in self.STDLIB_LANDMARKS):
                s.prefix = _Found(libdir, "stdlib landmark beside the library")
                s.stdlib_dir = self.joinpath(libdir, self.STDLIB_SUBDIR)

        if s.executable_dir and not s.prefix.value:
            if inp.os_name == "nt":
                found = s.executable_dir if self.disk.isfile(self.joinpath(s.executable_dir, self.ZIP_LANDMARK)) else None
            else:
                found = self.search_up(s.executable_dir, [self.ZIP_LANDMARK])
            if found:
                s.prefix = _Found(found, f"prefix {found} found by landmark {self.ZIP_LANDMARK}")
                s.stdlib_dir = self.joinpath(found, self.STDLIB_SUBDIR)
                if not self.disk.isdir(s.stdlib_dir):
                    s.stdlib_dir = None
                self.note("prefix", found, f"zip landmark {self.ZIP_LANDMARK} searched up from {s.executable_dir}")

        if s.executable_dir and not s.prefix.value:
            found = self.search_up(s.executable_dir, self.STDLIB_LANDMARKS)
            if found:
                s.prefix = _Found(found, f"prefix {found} found by landmark {self.STDLIB_LANDMARKS[0]}")
                if not s.stdlib_dir:
                    s.stdlib_dir = self.joinpath(found, self.STDLIB_SUBDIR)
                self.note("prefix", found, f"landmark {self.STDLIB_LANDMARKS[0]} searched up from {s.executable_dir}")
            else:
                self.note("prefix", "not found by landmark", f"{self.STDLIB_LANDMARKS[0]} searched up from {s.executable_dir}")

        if self.PREFIX and not s.prefix.value:
            s.prefix = _Found(self.PREFIX, f"build's PREFIX {self.PREFIX}")
            self.note("prefix", self.PREFIX, "build's PREFIX (fallback)")
            if not any(self.disk.isfile(self.joinpath(self.PREFIX, f)) for f in self.STDLIB_LANDMARKS):
                self.warn("Could not find platform independent libraries <prefix>")
        if not s.prefix.value:
            s.prefix = _Found(self.abspath(""), "working directory (no PREFIX)")
            self.warn("Could not find platform independent libraries <prefix>")

        prefix = s.prefix.value or ""
        if self.PLATSTDLIB_LANDMARK and not s.exec_prefix.value:
            nt = inp.os_name == "nt"
            if nt and self.sw.nt_exec_prefix_is_prefix:
                # QUIRK: Windows assumes exec_prefix == prefix (gh-100320).
                s.exec_prefix = _Found(prefix, f"prefix {prefix}")
            if (not s.exec_prefix.value and self.sw.exec_prefix_from_prefix and prefix
                    and self.disk.isdir(self.joinpath(prefix, self.PLATSTDLIB_LANDMARK))):
                s.exec_prefix = _Found(prefix, f"prefix {prefix} holds {self.PLATSTDLIB_LANDMARK}")
            # 3.11.1 (gh-98790) stopped searching up for DLLs on Windows; 3.11.0 searched.
            search = not nt or not self.sw.nt_missing_dlls_not_on_path
            if not s.exec_prefix.value and s.executable_dir and search:
                found = self.search_up(s.executable_dir, [self.PLATSTDLIB_LANDMARK], dirs=True)
                if found:
                    s.exec_prefix = _Found(found, f"exec_prefix {found} found by landmark {self.PLATSTDLIB_LANDMARK}")
                    self.note("exec_prefix", found, f"landmark {self.PLATSTDLIB_LANDMARK} searched up from {s.executable_dir}")
            if not s.exec_prefix.value and self.EXEC_PREFIX:
                s.exec_prefix = _Found(self.EXEC_PREFIX, f"build's EXEC_PREFIX {self.EXEC_PREFIX}")
                self.note("exec_prefix", self.EXEC_PREFIX, "build's EXEC_PREFIX (fallback)")
            ep = s.exec_prefix.value
            if not ep or not self.disk.isdir(self.joinpath(ep, self.PLATSTDLIB_LANDMARK)):
                if nt:
                    # QUIRK: a missing DLLs directory is no warning on Windows.
                    if self.sw.nt_exec_prefix_is_prefix:
                        if not s.platstdlib_dir:
                            s.platstdlib_dir = ep
                    elif self.sw.nt_missing_dlls_not_on_path:
                        # 3.11.1 (gh-98790), modelled from the PR, not verified.
                        s.exec_prefix = _Found(prefix, f"prefix {prefix} (no {self.PLATSTDLIB_LANDMARK})")
                        s.platstdlib_dir = prefix
                    else:
                        # 3.11.0: prefix\DLLs is listed although missing (gh-98790),
                        # modelled from the PR, not verified.
                        s.exec_prefix = _Found(prefix, f"prefix {prefix} (no {self.PLATSTDLIB_LANDMARK})")
                    self.note("exec_prefix", f"no {self.PLATSTDLIB_LANDMARK} directory: no warning on Windows",
                              "gh-98790, gh-100320")
                else:
                    self.warn("Could not find platform dependent libraries <exec_prefix>")
        if not s.exec_prefix.value:
            s.exec_prefix = _Found(prefix, f"prefix {prefix}")
        if not prefix or not s.exec_prefix.value:
            self.warn("Consider setting $PYTHONHOME to <prefix>[:<exec_prefix>]")

    # ==================================================================================
    # Step 9. A venv's own prefix (3.14: getpath, not site.py, sets it)
    # ==================================================================================
    def step9_venv_prefix(self) -> None:
        s = self.s
        if self.sw.venv_in_getpath and s.venv_prefix:
            s.base_prefix = s.prefix.value
            s.base_exec_prefix = s.exec_prefix.value
            s.prefix = _Found(s.venv_prefix, f"venv {s.venv_prefix}")
            s.exec_prefix = _Found(s.venv_prefix, f"venv {s.venv_prefix}")
            self.note("venv prefix", s.venv_prefix, "pyvenv.cfg found (gh-126985)")
        if self.sw.venv_in_getpath:
            s.base_prefix = s.base_prefix or s.prefix.value
            s.base_exec_prefix = s.base_exec_prefix or s.exec_prefix.value

    # ==================================================================================
    # Step 10. module_search_paths: PYTHONPATH, zip, PYTHONPATH macro, stdlib, lib-dynload
    # ==================================================================================
    def step10_module_search_paths(self) -> None:
        s, inp = self.s, self.inp
        if inp.module_search_paths is not None:
            for i, p in enumerate(inp.module_search_paths, 1):
                s.entries.append(self.entry(p, Origin.EMBED, f"PyConfig.module_search_paths item {i}"))
            self.note("module search paths", "set by the embedding application")
            return
        if s.use_environment and inp.pythonpath_env:
            for i, item in enumerate(inp.pythonpath_env.split(inp.delim), 1):
                path = self.abspath(item)
                s.entries.append(self.entry(path, Origin.PYTHONPATH, f"PYTHONPATH item {i} {item!r}"))
        base = s.prefix.value or "" if not self.sw.venv_in_getpath else s.base_prefix or ""
        base_ex = s.exec_prefix.value or "" if not self.sw.venv_in_getpath else s.base_exec_prefix or ""
        if inp.os_name == "nt":
            # QUIRK: Windows takes the zip from the library's (or executable's) directory.
            zdir = self.dirname(inp.library) if inp.library else (s.executable_dir or "")
            s.entries.append(self.entry(self.joinpath(zdir, self.ZIP_LANDMARK), Origin.STDLIB_ZIP, f"directory {zdir} + {self.ZIP_LANDMARK}"))
        elif s.build_prefix:
            # QUIRK: POSIX build trees take the zip from the build's PREFIX.
            s.entries.append(self.entry(self.joinpath(self.PREFIX, self.ZIP_LANDMARK), Origin.STDLIB_ZIP, f"build's PREFIX {self.PREFIX} + {self.ZIP_LANDMARK} (build tree)"))
        else:
            s.entries.append(self.entry(self.joinpath(base, self.ZIP_LANDMARK), Origin.STDLIB_ZIP, f"prefix {base} + {self.ZIP_LANDMARK}"))
        if inp.os_name == "nt" and s.use_environment and inp.registry:
            self._registry_paths()
        macro = self.t.build.pythonpath
        if macro:
            for i, item in enumerate(macro.split(inp.delim), 1):
                s.entries.append(self.entry(self.joinpath(base, item), Origin.BUILD_PYTHONPATH, f"PYTHONPATH macro item {i} {item!r} joined to prefix {base}"))
        if not s.stdlib_dir and base:
            s.stdlib_dir = self.joinpath(base, self.STDLIB_SUBDIR)
        if not s.platstdlib_dir and base_ex:
            s.platstdlib_dir = self.joinpath(base_ex, self.PLATSTDLIB_LANDMARK)
        std = (s.stdlib_dir, Origin.STDLIB, s.prefix.why)
        plat = (s.platstdlib_dir, Origin.PLATSTDLIB, s.exec_prefix.why)
        order = (plat, std) if inp.os_name == "nt" else (std, plat)
        for where, origin, why in order:
            if where:
                s.entries.append(self.entry(where, origin, why))
        if inp.os_name == "nt" and s.executable_dir and s.executable_dir not in [e.path for e in s.entries]:
            # QUIRK: Windows keeps the executable's directory last on sys.path.
            s.entries.append(self.entry(s.executable_dir, Origin.EXECUTABLE_DIR, "directory of the executable"))

    def _registry_paths(self) -> None:
        """QUIRK: Windows appends the default values of the subkeys of
        ``{HKCU,HKLM}\\Software\\Python\\PythonCore\\<winver>\\PythonPath``, then the key's own
        default value when neither home nor the stdlib directory is known.

        ``Invocation.registry`` maps a key path (``HKLM\\SOFTWARE\\...\\PythonPath\\Sub``)
        to its default value; a key exists when it or a key under it is listed, and a
        key without a value reads as '' (``winreg.QueryValue``).
        """
        s = self.s
        reg = {k.lower(): (k, v) for k, v in self.inp.registry.items()}
        winreg_key = f"SOFTWARE\\Python\\PythonCore\\{self.t.build.pywinver}\\PythonPath"
        for hive in ("HKCU", "HKLM"):
            key = f"{hive}\\{winreg_key}".lower()
            if key not in reg and not any(k.startswith(key + "\\") for k in reg):
                continue
            children = sorted({k[len(key) + 1:].split("\\", 1)[0] for k in reg if k.startswith(key + "\\")})
            for child in children:
                name, value = reg.get(f"{key}\\{child}", (f"{hive}\\{winreg_key}\\{child}", ""))
                for i, item in enumerate(value.split(self.inp.delim), 1):
                    s.entries.append(self.entry(item, Origin.REGISTRY, f"registry {name} item {i}"))
            if not s.home and not s.stdlib_dir:
                name, value = reg.get(key, (f"{hive}\\{winreg_key}", ""))
                for i, item in enumerate(value.split(self.inp.delim), 1):
                    s.entries.append(self.entry(item, Origin.REGISTRY, f"registry {name} (default) item {i}"))

    def entry(self, path: str, origin: str, detail: str) -> Entry:
        at = self.disk._at(path)
        idx = self.note("module search path", path, f"{origin}: {detail}")
        return Entry(path, origin, detail, exists=bool(at and self.fs.exists(at)), decision=idx)

    # ==================================================================================
    # Step 11. QUIRK: POSIX build trees report the configured PREFIX/EXEC_PREFIX
    # ==================================================================================
    def step11_build_prefix_reset(self) -> None:
        s = self.s
        if self.inp.os_name == "nt" or not s.build_prefix:
            return
        if not (self.sw.venv_in_getpath and s.venv_prefix):
            s.prefix = _Found(self.PREFIX, "build's PREFIX (build tree)")
            s.exec_prefix = _Found(self.EXEC_PREFIX or self.PREFIX, "build's EXEC_PREFIX (build tree)")
        if self.sw.venv_in_getpath:
            s.base_prefix = self.PREFIX
            s.base_exec_prefix = self.EXEC_PREFIX or self.PREFIX
        self.note("build tree", f"sys.prefix reported as the build's PREFIX {self.PREFIX}")

    # ==================================================================================
    # Step 12. A ._pth file replaces the search path and isolates
    # ==================================================================================
    def step12_apply_pth(self) -> None:
        s = self.s
        self.flags = {
            "isolated": self.config.isolated,
            "use_environment": self.config.use_environment,
            "site_import": self.config.site_import,
            "safe_path": self.config.safe_path,
        }
        if not s.pth:
            # QUIRK: an empty ._pth file (or a directory so named, read as empty) has
            # already moved home and turned the environment off, but replaces nothing.
            return
        self.flags = {"isolated": True, "use_environment": False, "site_import": False, "safe_path": True}
        if self.sw.pth_disables_user_site:
            self.user_site_directory = False
        s.entries = []
        for n, raw in enumerate(s.pth, 1):
            line = raw.partition("#")[0].strip()
            if not line:
                continue
            if line == "import site":
                self.flags["site_import"] = True
                self.note("._pth file", f"{s.pth_path} line {n}: import site")
            elif line.startswith("import "):
                self.warn("unsupported 'import' line in ._pth file")
            else:
                s.entries.append(self.entry(self.joinpath(s.pth_dir, line), Origin.PTH_FILE, f"{s.pth_path} line {n}"))

    def result(self) -> PathConfig:
        s = self.s
        prefix = s.prefix.value or ""
        exec_prefix = s.exec_prefix.value or ""
        return PathConfig(
            executable=s.executable or "",
            base_executable=s.base_executable or "",
            prefix=prefix,
            exec_prefix=exec_prefix,
            base_prefix=s.base_prefix or prefix,
            base_exec_prefix=s.base_exec_prefix or exec_prefix,
            stdlib_dir=s.stdlib_dir or "",
            platstdlib_dir=s.platstdlib_dir or "",
            module_search_paths=tuple(s.entries),
            program_name=self.program_name,
            home=s.home,
            platlibdir=self.inp.platlibdir,
            isolated=bool(self.flags["isolated"]),
            use_environment=bool(self.flags["use_environment"]),
            site_import=bool(self.flags["site_import"]),
            safe_path=bool(self.flags["safe_path"]),
            is_python_build=self.is_python_build,
            venv_home=s.venv_home,
            warnings=tuple(s.warnings),
            user_site_directory=self.user_site_directory,
        )


# ---------------------------------------------------------------------------------------
# 3.8-3.10: Modules/getpath.c
# ---------------------------------------------------------------------------------------


class _GetpathC(_Run):
    """One run of the 3.8-3.10 C algorithm (``calculate_path``)."""

    def __init__(self, target: Interpreter, config: Config, fs: FileSystem, sw: Behaviour,
                 trace: Trace, inp: _Inputs) -> None:
        super().__init__(target, config, fs, sw, trace, inp, "/")
        v = target.version
        # QUIRK: 3.8 has no platlibdir: always 'lib' (bpo-1294959).
        self.platlibdir = inp.platlibdir if sw.platlibdir else "lib"
        self.lib_python = f"{self.platlibdir}/python{v.major}.{v.minor}"
        self.zip_name = f"python{v.major}{v.minor}.zip"
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        self.note("warning", message)

    # -- helpers (no normalisation anywhere) ----------------------------------------------
    @staticmethod
    def reduce(path: str) -> str:
        """Cut at the last '/' (``reduce``): '/usr' becomes '', 'a' becomes ''."""
        i = path.rfind("/")
        return path[:i] if i > 0 else ""

    @staticmethod
    def join(path: str, more: str) -> str:
        """``joinpath``/``joinpath2``: an absolute *more* wins; one '/' added if needed."""
        if more.startswith("/"):
            return more
        if path and not path.endswith("/"):
            path += "/"
        return path + more

    def copy_absolute(self, path: str) -> str:
        if path.startswith("/"):
            return path
        return self.join(self.inp.cwd, path.removeprefix("./"))

    def ismodule(self, directory: str) -> bool:
        f = self.join(directory, "os.py")
        return self.disk.isfile(f) or self.disk.isfile(f + "c")

    # -- the algorithm --------------------------------------------------------------------
    def run(self) -> PathConfig:
        # ==============================================================================
        # Step 1. program_full_path: argv[0] with a '/', else found on PATH
        # ==============================================================================
        name = self.inp.program_name or f"python{self.t.version.major}"
        embed = self.config.invocation.embed
        if self.inp.os_name == "darwin" and not (embed and embed.program_name):
            # macOS (Python/initconfig.c config_init_program_name, 3.8-3.10): PYTHONEXECUTABLE
            # (unless -E), else in a framework build __PYVENV_LAUNCHER__ (set by the bin stub,
            # Mac/Tools/pythonw.c), *is* the program name -- so it also decides where the
            # prefixes are searched from.  Modelled from source, not verified.
            if self.inp.use_environment and self.inp.env_pythonexecutable:
                name = self.inp.env_pythonexecutable
                self.note("program name", name, "PYTHONEXECUTABLE (macOS, modelled from source)")
            elif self.t.build.framework and self.inp.env_pyvenv_launcher:
                name = self.inp.env_pyvenv_launcher
                self.note("program name", name, "__PYVENV_LAUNCHER__ (macOS framework, modelled from source)")
        full = ""
        if "/" in name:
            full = name
            why = f"argv[0] {name!r} contains '/'"
        elif self.inp.os_name == "darwin" and (self.inp.real_executable or "").startswith("/"):
            # QUIRK: macOS asks _NSGetExecutablePath() before searching PATH.
            full = self.inp.real_executable or ""
            why = "reported by _NSGetExecutablePath()"
        elif self.inp.env_path_raw is not None:
            # QUIRK: PATH set but empty is searched as one empty item (the cwd).
            for i, d in enumerate(self.inp.env_path_raw.split(":"), 1):
                cand = self.join(d, name)
                if self.disk.isxfile(cand):
                    full = cand
                    why = f"PATH item {i} {d!r} holds executable {name!r}"
                    break
            else:
                why = f"{name!r} not found on PATH"
        else:
            why = "PATH is not set"
        if full and not full.startswith("/"):
            full = self.copy_absolute(full)
            why += f", made absolute against cwd {self.inp.cwd} (not normalised)"
        self.executable = full
        self.note("executable", full or "''", why)

        # ==============================================================================
        # Step 2. argv0_path: the executable's symlinks resolved, then its directory
        # ==============================================================================
        argv0 = full
        lib = self.inp.library
        if self.inp.os_name == "darwin" and self.t.build.framework and lib:
            # WITH_NEXT_FRAMEWORK (calculate_argv0_path): the framework dylib's location is
            # the starting point when lib/pythonX.Y/os.py sits beside it; otherwise (a build
            # directory) the executable's.  Modelled from source, not verified.
            if self.ismodule(self.join(self.reduce(lib), self.lib_python)):
                argv0 = lib
                self.note("framework", f"argv0_path from the framework library {lib}",
                          f"{self.reduce(lib)}/{self.lib_python}/os.py exists (modelled from source)")
            else:
                self.note("framework", f"no {self.lib_python}/os.py beside {lib}: argv0_path from the executable",
                          "build directory (modelled from source)")
        links = 0
        while True:
            try:
                target = self.disk.readlink(argv0) if argv0 else None
            except OSError:
                target = None
            if target is None:
                break
            argv0 = target if target.startswith("/") else self.join(self.reduce(argv0), target)
            links += 1
            if links >= _MAXSYMLINKS:
                return self._fatal_pc("maximum number of symbolic links reached")
        if argv0 != full:
            self.note("symlink", f"{full} resolves to {argv0} (last component, not normalised)")
        self.argv0_path = self.reduce(argv0)
        self.note("argv0_path", self.argv0_path or "''", f"directory of {argv0}")

        # ==============================================================================
        # Step 3. pyvenv.cfg beside the executable, then one directory up
        # ==============================================================================
        self.venv_home: str | None = None
        self._read_pyvenv()

        home = self.inp.home or (self.inp.env_pythonhome if self.inp.use_environment else None)
        self.home = home
        if home:
            self.note("home", home, "PYTHONHOME" if not self.inp.home else "set by the embedding application")

        # ==============================================================================
        # Step 4. prefix: PYTHONHOME, the build tree, lib/pythonX.Y/os.py searched up, PREFIX
        # ==============================================================================
        prefix, prefix_found, prefix_why = self._search_for_prefix(home)
        if not prefix_found:
            self.warn("Could not find platform independent libraries <prefix>")
            prefix = self.join(self.t.build.prefix, self.lib_python)
            prefix_why = f"build's PREFIX {self.t.build.prefix} (not found)"
        self.note("prefix", prefix, prefix_why)

        # ==============================================================================
        # Step 5. the zip, from the found prefix (or PREFIX)
        # ==============================================================================
        zbase = self.reduce(self.reduce(prefix)) if prefix_found > 0 else self.t.build.prefix
        zip_path = self.join(zbase, f"{self.platlibdir}/{self.zip_name}")

        # ==============================================================================
        # Step 6. exec_prefix: PYTHONHOME, pybuilddir.txt, lib-dynload searched up, EXEC_PREFIX
        # ==============================================================================
        exec_prefix, exec_found, exec_why = self._search_for_exec_prefix(home)
        if not exec_found:
            self.warn("Could not find platform dependent libraries <exec_prefix>")
            exec_prefix = self.join(self.t.build.effective_exec_prefix, f"{self.platlibdir}/lib-dynload")
            exec_why = f"build's EXEC_PREFIX {self.t.build.effective_exec_prefix} (not found)"
        self.note("exec_prefix", exec_prefix, exec_why)
        if not prefix_found or not exec_found:
            self.warn("Consider setting $PYTHONHOME to <prefix>[:<exec_prefix>]")

        # ==============================================================================
        # Step 7. The search path: one ':'-joined string, split again at every ':'
        # ==============================================================================
        segments: list[tuple[str, str, str]] = []
        if self.inp.module_search_paths is not None:
            for i, p in enumerate(self.inp.module_search_paths, 1):
                segments.append((p, Origin.EMBED, f"module search path item {i} set by the embedding application"))
        else:
            if self.inp.pythonpath_env is not None:
                for i, item in enumerate(self.inp.pythonpath_env.split(":"), 1):
                    segments.append((item, Origin.PYTHONPATH, f"PYTHONPATH item {i} {item!r} (kept as given)"))
            segments.append((zip_path, Origin.STDLIB_ZIP, f"{zbase} + {self.platlibdir}/{self.zip_name}"))
            macro = self.t.build.pythonpath
            for i, item in enumerate(macro.split(":"), 1):
                if item.startswith("/"):
                    segments.append((item, Origin.BUILD_PYTHONPATH, f"PYTHONPATH macro item {i}"))
                elif item:
                    sep = "" if prefix.endswith("/") else "/"
                    segments.append((prefix + sep + item, Origin.BUILD_PYTHONPATH, f"PYTHONPATH macro item {i} {item!r} joined to {prefix}"))
                else:
                    # The empty macro (the default) is the stdlib directory itself.
                    segments.append((prefix, Origin.STDLIB, prefix_why))
            segments.append((exec_prefix, Origin.PLATSTDLIB, exec_why))
        entries: list[Entry] = []
        for text, origin, detail in segments:
            pieces = text.split(":")
            for piece in pieces:
                d = detail if len(pieces) == 1 else f"{detail} (a ':' in the path split it)"
                at = self.disk._at(piece) if piece else self.inp.cwd
                idx = self.note("module search path", repr(piece), f"{origin}: {d}")
                entries.append(Entry(piece, origin, d, exists=bool(at and self.fs.exists(at)), decision=idx))

        # ==============================================================================
        # Step 8. sys.prefix / sys.exec_prefix: the found directories reduced
        # ==============================================================================
        if prefix_found > 0:
            sys_prefix = self.reduce(self.reduce(prefix)) or "/"
        else:
            sys_prefix = self.t.build.prefix
        if exec_found > 0:
            sys_exec_prefix = self.reduce(self.reduce(self.reduce(exec_prefix))) or "/"
        else:
            sys_exec_prefix = self.t.build.effective_exec_prefix
        base_executable = full
        return PathConfig(
            executable=full,
            base_executable=base_executable,
            prefix=sys_prefix,
            exec_prefix=sys_exec_prefix,
            base_prefix=sys_prefix,
            base_exec_prefix=sys_exec_prefix,
            stdlib_dir=prefix,
            platstdlib_dir=exec_prefix,
            module_search_paths=tuple(entries),
            program_name=name,
            home=home,
            platlibdir=self.platlibdir,
            isolated=self.config.isolated,
            use_environment=self.config.use_environment,
            site_import=self.config.site_import,
            safe_path=self.config.safe_path,
            is_python_build=prefix_found < 0,
            venv_home=self.venv_home,
            warnings=tuple(self.warnings),
        )

    def _fatal_pc(self, message: str) -> PathConfig:
        fatal = f"Fatal Python error: {message}"
        self.note("getpath failed", fatal)
        return PathConfig(
            executable=self.executable, base_executable=self.executable, prefix="",
            exec_prefix="", base_prefix="", base_exec_prefix="", stdlib_dir="",
            program_name=self.inp.program_name, fatal=fatal,
        )

    def _read_pyvenv(self) -> None:
        """``calculate_read_pyenv``: the first file that opens is the only one read."""
        for d in (self.argv0_path, self.reduce(self.argv0_path)):
            path = self.join(d, "pyvenv.cfg")
            try:
                data = self.disk.read(path)
            except OSError:
                continue
            home, line_no = self._find_env_config_value(data, "home")
            if home is None:
                self.note("venv", f"{path} opened, no usable 'home = ...' line", path)
                return
            self.venv_home = home
            self.argv0_path = home
            self.note("venv", f"pyvenv.cfg line {line_no} home={home}: argv0_path = {home}", path)
            return
        self.note("venv", "no pyvenv.cfg", self.join(self.argv0_path, "pyvenv.cfg"))

    def _find_env_config_value(self, data: bytes, key: str) -> tuple[str | None, int]:
        return _find_env_config_value(data, key)

    def _search_for_prefix(self, home: str | None) -> tuple[str, int, str]:
        if home:
            head = home.split(":", 1)[0]
            p = self.join(head, self.lib_python)
            return p, 1, f"PYTHONHOME {home!r} believed unconditionally"
        a0 = self.argv0_path
        if self.disk.isfile(self.join(a0, "Modules/Setup.local")):
            lib = self.join(self.join(a0, self.t.build.vpath), "Lib")
            if self.ismodule(lib):
                self.note("build directory", f"{a0}/Modules/Setup.local and {lib}/os.py")
                return lib, -1, f"build tree {lib}"
        p = self.copy_absolute(a0)
        while True:
            cand = self.join(p, self.lib_python)
            if self.ismodule(cand):
                return cand, 1, f"prefix {p} found by landmark {self.lib_python}/os.py"
            p = self.reduce(p)
            if not p:
                break
        cand = self.join(self.t.build.prefix, self.lib_python)
        if self.ismodule(cand):
            return cand, 1, f"build's PREFIX {self.t.build.prefix} has {self.lib_python}/os.py"
        return "", 0, ""

    def _search_for_exec_prefix(self, home: str | None) -> tuple[str, int, str]:
        if home:
            tail = home.split(":", 1)[1] if ":" in home else home
            p = self.join(self.join(tail, self.lib_python), "lib-dynload")
            return p, 1, f"PYTHONHOME {home!r} believed unconditionally"
        a0 = self.argv0_path
        txt = self.join(a0, "pybuilddir.txt")
        try:
            data = self.disk.read(txt, _MAXPATHLEN)
        except OSError:
            data = None
        if data is not None:
            sub = _decode(data)
            p = self.join(a0, sub)
            self.note("build directory", f"{txt} names {p}", txt)
            return p, -1, f"{txt} names {sub!r}"
        p = self.copy_absolute(a0)
        while True:
            cand = self.join(self.join(p, self.lib_python), "lib-dynload")
            if self.disk.isdir(cand):
                return cand, 1, f"exec_prefix {p} found by landmark {self.lib_python}/lib-dynload"
            p = self.reduce(p)
            if not p:
                break
        ep = self.t.build.effective_exec_prefix
        cand = self.join(self.join(ep, self.lib_python), "lib-dynload")
        if self.disk.isdir(cand):
            return cand, 1, f"build's EXEC_PREFIX {ep} has {self.lib_python}/lib-dynload"
        return "", 0, ""


# ---------------------------------------------------------------------------------------
# 3.8-3.10 on Windows: PC/getpathp.c (modelled from source, not verified)
# ---------------------------------------------------------------------------------------

#: ``PYTHONPATH`` in PC/pyconfig.h (3.8-3.10): joined to home when each item starts '.\\'.
_NT_PYTHONPATH_MACRO = ".\\DLLs;.\\lib"
#: ``LANDMARK`` in PC/getpathp.c.
_NT_LANDMARK = "lib\\os.py"


class _GetpathNT(_Run):
    """One run of ``calculate_path`` of PC/getpathp.c (Windows, 3.8-3.10).

    Modelled from the source, not verified against a real interpreter.  In order:
    ``program_full_path`` is ``GetModuleFileNameW(NULL)`` (or ``__PYVENV_LAUNCHER__``,
    the module's path kept as ``base_executable``), canonicalised; ``argv0_path`` its
    directory; a ``._pth`` beside the DLL, then beside ``program_full_path``, decides
    everything; else ``pyvenv.cfg`` in ``argv0_path`` or its parent may replace
    ``argv0_path`` with its ``home``; the zip is the DLL's (else the executable's) name
    with ``.zip``; home is PYTHONHOME, else the zip's directory when the zip exists,
    else the first directory holding ``lib\\os.py`` searched up from ``argv0_path``;
    the search path is PYTHONPATH, the zip, the registry (HKCU then HKLM), the
    ``PYTHONPATH`` macro with ``.\\`` replaced by home, and ``argv0_path``, joined with
    ``;`` and split again.  ``sys.prefix`` and ``sys.exec_prefix`` are home.
    """

    def __init__(self, target: Interpreter, config: Config, fs: FileSystem, sw: Behaviour,
                 trace: Trace, inp: _Inputs) -> None:
        super().__init__(target, config, fs, sw, trace, inp, "\\")
        v = target.version
        self.dll_version = target.build.pywinver or f"{v.major}.{v.minor}"

    def note(self, rule: str, outcome: str, *inputs: str) -> int:
        return self.trace.add(_STAGE, rule, outcome, "(PC/getpathp.c, modelled from source)", *inputs)

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def reduce(path: str) -> str:
        """``reduce``: cut at the last '\\' or '/' ('C:\\x' -> 'C:', 'C:' -> '')."""
        i = max(path.rfind("\\"), path.rfind("/"))
        return path[:i] if i > 0 else ""

    @staticmethod
    def join(path: str, more: str) -> str:
        """``join``: ``PathCchCombineEx`` (modelled by ntpath.join + normpath)."""
        import ntpath

        if not path:
            return ntpath.normpath(more) if more else ""
        return ntpath.normpath(ntpath.join(path, more)) if more else ntpath.normpath(path)

    @staticmethod
    def canonicalize(path: str) -> str:
        """``PathCchCanonicalizeEx``: '.' and '..' removed (modelled by ntpath.normpath)."""
        import ntpath

        return ntpath.normpath(path) if path else ""

    @staticmethod
    def change_ext(path: str, ext: str) -> str | None:
        """``change_ext``: replace what follows the last '.' of the file name (or append)."""
        i = len(path)
        while i > 0 and path[i - 1:i] != "." and path[i - 1:i] not in ("\\", "/"):
            i -= 1
        if i == 0:
            return None
        if path[i - 1] in ("\\", "/"):
            return path + ext
        return path[:i - 1] + ext

    def exists(self, path: str) -> bool:
        return self.disk._at(path) is not None and self.fs.exists(self.disk._at(path) or "")

    def ismodule(self, path: str) -> bool:
        return self.exists(path) or self.exists(path + "c")

    def search_for_prefix(self, start: str) -> str:
        prefix = start
        while True:
            if self.ismodule(self.join(prefix, _NT_LANDMARK)):
                return prefix
            prefix = self.reduce(prefix)
            if not prefix:
                return ""

    def open_text(self, path: str) -> bytes | None:
        """``_Py_wfopen``: None when missing or a directory (Windows cannot open one)."""
        at = self.disk._at(path)
        if at is None or not self.fs.is_file(at):
            return None
        try:
            return self.fs.read_bytes(at)
        except OSError:
            return None

    def regpath(self, hive: str, skipcore: bool) -> str | None:
        """``getpythonregpath``: subkey default values, then (unless skipcore) the key's own.

        ``Invocation.registry`` maps key paths to default values (docs/pathconfig.md);
        subkeys are enumerated in name order, a subkey without a value gives an empty item.
        A missing core value drops the whole key (RegQueryValueExW fails).
        """
        key = f"{hive}\\Software\\Python\\PythonCore\\{self.dll_version}\\PythonPath".lower()
        reg = {k.lower(): v for k, v in self.inp.registry.items()}
        if key not in reg and not any(k.startswith(key + "\\") for k in reg):
            return None
        children = sorted({k[len(key) + 1:].split("\\", 1)[0] for k in reg if k.startswith(key + "\\")})
        values = [reg.get(f"{key}\\{c}", "") for c in children]
        if skipcore:
            # dataSize counts only subkeys that have a default value
            if not any(f"{key}\\{c}" in reg for c in children):
                return None
            return ";".join(values)
        if key not in reg:
            return None  # RegQueryValueExW of the missing core value fails: nothing at all
        return ";".join([*values, reg[key]])

    # -- the algorithm -----------------------------------------------------------------------
    def run(self) -> PathConfig:
        inp = self.inp
        module = inp.real_executable
        why = "GetModuleFileNameW(NULL)"
        if not module:
            # A world without the OS-reported executable: argv[0] made absolute.
            module = self.join(inp.cwd, inp.program_name or "python.exe")
            why = "argv[0] made absolute (the world gives no executable)"
        base_executable: str | None = None
        full = module
        launcher = inp.env_pyvenv_launcher
        if launcher:
            base_executable = self.canonicalize(module)
            full = launcher
            why = f"__PYVENV_LAUNCHER__={launcher} (the module {module} kept as base_executable)"
        full = self.canonicalize(full)
        self.note("executable", full, why)
        argv0_path = self.reduce(full)

        # ._pth beside the DLL, then beside program_full_path
        pth_path = None
        for src in (inp.library, full):
            if not src:
                continue
            cand = self.change_ext(src, "._pth")
            if cand and self.exists(cand):
                pth_path = cand
                break
        if pth_path is not None:
            data = self.open_text(pth_path)
            if data is not None:
                return self._from_pth(pth_path, data, full, base_executable)

        # pyvenv.cfg: argv0_path, then its parent; the first that opens is read
        venv_home = None
        for d in (argv0_path, self.reduce(argv0_path)):
            cfg = self.join(d, "pyvenv.cfg")
            data = self.open_text(cfg)
            if data is None:
                continue
            home_value, line_no = _find_env_config_value(data, "home")
            if home_value is not None:
                venv_home = argv0_path = home_value
                self.note("venv", f"{cfg} line {line_no} home={home_value}: argv0_path = {home_value}", cfg)
            else:
                self.note("venv", f"{cfg} opened, no usable 'home = ...' line", cfg)
            break

        # the zip: the DLL's name with .zip, else the executable's
        zip_path = (self.change_ext(inp.library, ".zip") if inp.library else None) or \
            self.change_ext(full, ".zip") or ""
        home = self.inp.home or (inp.env_pythonhome if inp.use_environment else None)
        prefix = ""
        home_why = ""
        if not home:
            if zip_path and self.exists(zip_path):
                prefix = home = self.reduce(zip_path)
                home_why = f"directory of the existing zip {zip_path}"
            else:
                found = self.search_for_prefix(argv0_path)
                if found:
                    prefix = home = found
                    home_why = f"landmark {_NT_LANDMARK} searched up from {argv0_path}"
                else:
                    home = None
        else:
            prefix = home
            home_why = "PYTHONHOME" if not self.inp.home else "set by the embedding application"
        self.note("home", home or "(none)", home_why)

        # the search path: one ';'-joined string, split again
        if inp.module_search_paths is not None:
            segments = [(p, Origin.EMBED, f"module search path item {i} set by the embedding application")
                        for i, p in enumerate(inp.module_search_paths, 1)]
        else:
            segments = []
            machine = user = None
            if self.config.use_environment:
                machine = self.regpath("HKLM", bool(home))
                user = self.regpath("HKCU", bool(home))
            pyenv = inp.pythonpath_env if inp.use_environment else None
            skipdefault = pyenv is not None or home is not None or machine is not None or user is not None
            if pyenv is not None:
                segments.append((pyenv, Origin.PYTHONPATH, "PYTHONPATH (kept as given)"))
            if zip_path:
                segments.append((zip_path, Origin.STDLIB_ZIP, "the DLL's (or executable's) name with .zip"))
            if user is not None:
                segments.append((user, Origin.REGISTRY, "registry HKCU PythonPath"))
            if machine is not None:
                segments.append((machine, Origin.REGISTRY, "registry HKLM PythonPath"))
            macro = self.t.build.pythonpath or _NT_PYTHONPATH_MACRO
            if home is None:
                if not skipdefault:
                    segments.append((macro, Origin.BUILD_PYTHONPATH, "PYTHONPATH macro, relative (no home found)"))
            else:
                for item in macro.split(";"):
                    if item[:1] == "." and item[1:2] in ("\\", "/"):
                        segments.append((home + item[1:], Origin.BUILD_PYTHONPATH, f"PYTHONPATH macro {item!r} with '.' replaced by home {home}"))
                    else:
                        segments.append((item, Origin.BUILD_PYTHONPATH, f"PYTHONPATH macro {item!r}"))
            segments.append((argv0_path, Origin.EXECUTABLE_DIR, "argv0_path (the executable's directory, or pyvenv.cfg home)"))
        entries = self._split(segments)
        if not prefix:
            # "one last hack": the parent of an entry, searched up, backwards over the path
            for e in reversed(entries):
                found = self.search_for_prefix(self.reduce(e.path))
                if found:
                    prefix = found
                    self.note("prefix", found, f"landmark found above search path entry {e.path}")
                    break
        return PathConfig(
            executable=full, base_executable=base_executable or full, prefix=prefix, exec_prefix=prefix,
            base_prefix=prefix, base_exec_prefix=prefix, stdlib_dir=self.join(prefix, "lib") if prefix else "",
            platstdlib_dir=self.join(prefix, "DLLs") if prefix else "", module_search_paths=tuple(entries),
            program_name=inp.program_name, home=home, platlibdir=inp.platlibdir,
            isolated=self.config.isolated, use_environment=self.config.use_environment,
            site_import=self.config.site_import, safe_path=self.config.safe_path,
            venv_home=venv_home,
        )

    def _split(self, segments: list[tuple[str, str, str]]) -> list[Entry]:
        entries: list[Entry] = []
        for text, origin, detail in segments:
            pieces = text.split(";")
            for piece in pieces:
                d = detail if len(pieces) == 1 else f"{detail} (one of its ';'-separated items)"
                at = self.disk._at(piece)
                idx = self.note("module search path", repr(piece), f"{origin}: {d}")
                entries.append(Entry(piece, origin, d, exists=bool(at and self.fs.exists(at)), decision=idx))
        return entries

    def _from_pth(self, pth_path: str, data: bytes, full: str, base_executable: str | None) -> PathConfig:
        """``read_pth_file``: lines joined to the file's directory; isolated, no site."""
        prefix = self.reduce(pth_path)
        self.note("._pth file", f"{pth_path} replaces sys.path; prefix = {prefix}", pth_path)
        site_import = False
        segments: list[tuple[str, str, str]] = []
        for n, raw in enumerate(data.split(b"\n"), 1):
            if not raw or raw[:1] in (b"\r", b"#"):
                continue
            line = raw.split(b"\r", 1)[0]
            if line == b"import site":
                site_import = True
                continue
            if line.startswith(b"import "):
                fatal = "Fatal Python error: read_pth_file: only 'import site' is supported in ._pth file"
                self.note("getpath failed", fatal, pth_path)
                return PathConfig(
                    executable=full, base_executable=base_executable or full, prefix="", exec_prefix="",
                    base_prefix="", base_exec_prefix="", stdlib_dir="", program_name=self.inp.program_name,
                    fatal=fatal,
                )
            text = _decode(line)
            segments.append((self.join(prefix, text), Origin.PTH_FILE, f"{pth_path} line {n}"))
        entries = self._split(segments) if segments else []
        return PathConfig(
            executable=full, base_executable=base_executable or full, prefix=prefix, exec_prefix=prefix,
            base_prefix=prefix, base_exec_prefix=prefix, stdlib_dir="", platstdlib_dir="",
            module_search_paths=tuple(entries), program_name=self.inp.program_name, home=None,
            platlibdir=self.inp.platlibdir, isolated=True, use_environment=self.config.use_environment,
            site_import=site_import, safe_path=self.config.safe_path,
        )


def _find_env_config_value(data: bytes, key: str) -> tuple[str | None, int]:
    """``_Py_FindEnvConfigValue``: 'key = value' as whitespace-separated tokens.

    QUIRK: reading stops at the first line that does not end in a newline (the
    last line of a file without one, or a line longer than the buffer); keys are
    case-sensitive, '=' must be a token of its own, and the value keeps any spaces
    after the first one (bpo-45582 replaced all this in 3.11).
    """
    pos = 0
    n = 0
    while pos < len(data):
        end = data.find(b"\n", pos, pos + _ENVCFG_LINE_MAX)
        chunk = data[pos:end + 1] if end >= 0 else data[pos:pos + _ENVCFG_LINE_MAX]
        pos += len(chunk)
        n += 1
        nul = chunk.find(b"\0")
        if nul >= 0:
            chunk = chunk[:nul]
        if not chunk.endswith(b"\n"):
            return None, n
        if chunk.startswith(b"#"):
            continue
        text = chunk.decode("utf-8", "surrogateescape")
        tok, rest = _wcstok(text, " \t\r\n")
        if tok != key or rest is None:
            continue
        tok, rest = _wcstok(rest, " \t")
        if tok != "=" or rest is None:
            continue
        tok, _ = _wcstok(rest, "\r\n")
        if tok is not None:
            return tok, n
    return None, n


def _nt_isabs(path: str) -> bool:
    """``_Py_isabs`` on Windows (``PathCchSkipRoot``): 'C:\\x' or a UNC path."""
    p = path.replace("/", "\\")
    if p.startswith("\\\\"):
        return True
    return len(p) >= 3 and p[1] == ":" and p[2] == "\\"


def _wcstok(text: str, delims: str) -> tuple[str | None, str | None]:
    """C ``wcstok``: skip delimiters, take a token, consume the one delimiter after it."""
    i = 0
    while i < len(text) and text[i] in delims:
        i += 1
    if i == len(text):
        return None, None
    j = i
    while j < len(text) and text[j] not in delims:
        j += 1
    return text[i:j], text[j + 1:] if j < len(text) else ""


# ---------------------------------------------------------------------------------------
# Can the stdlib be imported?  (CPython imports 'encodings' right after getpath)
# ---------------------------------------------------------------------------------------


def _check_stdlib(pc: PathConfig, fs: FileSystem, sw: Behaviour, trace: Trace, inp: _Inputs) -> PathConfig:
    if pc.fatal:
        return pc
    p = fs.path
    for e in pc.module_search_paths:
        where = e.path if e.path and p.isabs(e.path) else p.join(inp.cwd, e.path)
        if fs.is_dir(where):
            pkg = p.join(where, "encodings")
            if fs.is_file(p.join(pkg, "__init__.py")) or fs.is_file(p.join(pkg, "__init__.pyc")):
                trace.add(_STAGE, "stdlib importable", f"'encodings' found in {e.path}", e.path)
                return pc
        elif fs.is_file(where) and _zip_has_encodings(fs, where):
            trace.add(_STAGE, "stdlib importable", f"'encodings' found in zip {e.path}", e.path)
            return pc
    if sw.encodings_fatal_in_init_interp:
        head = "Fatal Python error: Failed to import encodings module"
    else:
        head = ("Fatal Python error: init_fs_encoding: failed to get the Python codec of the "
                "filesystem encoding")
    fatal = f"{head}\nPython runtime state: core initialized\nModuleNotFoundError: No module named 'encodings'"
    trace.add(_STAGE, "stdlib missing", "no module search path entry provides 'encodings'",
              *[e.path for e in pc.module_search_paths])
    from dataclasses import replace

    return replace(pc, fatal=fatal)


def _zip_has_encodings(fs: FileSystem, path: str) -> bool:
    try:
        data = fs.read_bytes(path)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return bool({"encodings/__init__.py", "encodings/__init__.pyc"} & names)


# posixpath is imported for type checkers that look at FileSystem.path's flavour.
_ = posixpath
