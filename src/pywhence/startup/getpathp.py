"""``PC/getpathp.c`` (3.8-3.10): the C path algorithm of Windows.

Modelled from the source, not verified against a real interpreter (the trace says so
on every decision).  A module of its own: its algorithm shares nothing with
``Modules/getpath.c`` of the same versions beyond ``_Py_FindEnvConfigValue``, and 3.11
replaced both with ``Modules/getpath.py``.
"""

from __future__ import annotations

from ..disk.fs import FileSystem
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter
from ..trace import Trace
from .getpath_common import _STAGE, _decode, _find_env_config_value, _Inputs, _Run
from .initconfig import Config
from .result import Entry, Origin, PathConfig

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

