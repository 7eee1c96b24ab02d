"""``Modules/getpath.py`` (3.11+), steps 1-7: from ``argv[0]`` to the build directory.

The first half of the frozen getpath script: its constants (the landmarks), its
globals (:class:`_PyState`), and the steps decided by where the executable is --
program name, executable, home, ``pyvenv.cfg``, real executable, the ``._pth`` file,
the build directory.  :class:`_GetpathPyExecutable` is the base of
:class:`~pywhence.startup.getpath_py._GetpathPy`, which adds steps 8-12 (the prefix
searches and ``module_search_paths``); the two halves are separate modules only to
keep each small.
"""

from __future__ import annotations

from .._record import field, record
from ..disk.fs import FileSystem
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter
from ..trace import Trace
from .getpath_common import _GetpathFailed, _Inputs, _PyHelpers
from .initconfig import Config
from .result import Entry


@record(frozen=False)
class _Found:
    """A value and the words that say where it came from (for entries and the trace)."""

    value: str | None = None
    why: str = ""


@record(frozen=False)
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


class _GetpathPyExecutable(_PyHelpers):
    """getpath.py's constants and globals, and its steps 1-7."""

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

    # -- helpers (warn from Modules/getpath.c, search_up from getpath.py) ---------------
    def warn(self, message: str) -> None:
        if not self.config.pathconfig_warnings:
            # getpath.c hands getpath.py a warn() that prints nothing
            self.note("warning", f"not printed (pathconfig_warnings=0): {message}")
            return
        self.s.warnings.append(message)
        self.note("warning", message)

    def search_up(self, start: str, landmarks: list[str], *, dirs: bool = False) -> str | None:
        prefix = start
        test = self.disk.isdir if dirs else self.disk.isfile
        while prefix:
            for f in landmarks:
                if test(self.joinpath(prefix, f)):
                    return prefix
            prefix = self.dirname(prefix)
        return None

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
