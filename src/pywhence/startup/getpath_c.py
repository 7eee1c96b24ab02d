"""``Modules/getpath.c`` (3.8-3.10): the C path algorithm of Linux and macOS.

``calculate_path``: ``argv0_path`` from the resolved executable (on macOS framework
builds, from the framework dylib), ``pyvenv.cfg`` read with ``_Py_FindEnvConfigValue``,
landmark searches that climb with ``reduce()``, the search path built as one
``DELIM``-joined string, and prefixes reduced at the end.  Nothing is normalised.
bpo-45582 replaced it with ``Modules/getpath.py`` in 3.11, hence a module of its own.
"""

from __future__ import annotations

from ..disk.fs import FileSystem
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter
from ..trace import Trace
from .getpath_common import _MAXSYMLINKS, _decode, _find_env_config_value, _Inputs, _Run
from .initconfig import Config
from .result import Entry, Origin, PathConfig

#: ``pybuilddir.txt`` is read with one ``fread`` of ``MAXPATHLEN`` bytes (3.8-3.10).
_MAXPATHLEN = 4096


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

