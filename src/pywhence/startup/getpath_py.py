"""``Modules/getpath.py`` (3.11+, bpo-45582): the frozen getpath script, every platform.

:meth:`_GetpathPy.run` follows the script's order in twelve steps.  Steps 1-7 (the
executable and what sits beside it) are in
:mod:`~pywhence.startup.getpath_py_executable`, the base class; this module holds
steps 8-12 -- prefix and exec_prefix, ``module_search_paths`` (with the Windows
registry), the build tree's reported prefixes, the ``._pth`` file -- and the result.
The C helpers the script calls are :class:`~pywhence.startup.getpath_common._PyHelpers`.
For ``posix``, ``darwin`` and ``nt`` it is checked against CPython's own frozen
getpath (tests/oracle).
"""

from __future__ import annotations

from .getpath_common import _GetpathFailed
from .getpath_py_executable import _Found, _GetpathPyExecutable
from .result import Entry, Origin, PathConfig


class _GetpathPy(_GetpathPyExecutable):
    """One run of the 3.11+ algorithm."""

    #: The stdlib zip entry of the search path (getpath.py's ``stdlib_zip``, 3.15).
    stdlib_zip = ""

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
        self.step10_stdlib_warnings()
        self.step11_build_prefix_reset()
        self.step12_apply_pth()
        return self.result()

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
        self.stdlib_zip = s.entries[-1].path
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

    def step10_stdlib_warnings(self) -> None:
        """3.15: say so when the stdlib (or lib-dynload) the search path names is missing,
        unless the search path was given (an embedder) or a ._pth file replaces it."""
        s = self.s
        if not self.sw.getpath_stdlib_warnings or self.inp.module_search_paths is not None or s.pth:
            return
        hint = f"The Python 'home' directory was set to {s.home!r}, is this correct?" if s.home else None
        zip_found = bool(self.stdlib_zip) and self.disk.isfile(self.stdlib_zip)
        if not zip_found and not (s.stdlib_dir and self.disk.isdir(s.stdlib_dir)):
            self.warn("WARN: Could not find the standard library directory! "
                      + (hint or f"sys.prefix is set to {s.prefix.value or ''}, is this correct?"))
        elif not (s.platstdlib_dir and self.disk.isdir(s.platstdlib_dir)):
            self.warn("WARN: Could not find the platform standard library directory! "
                      + (hint or f"sys.exec_prefix is set to {s.exec_prefix.value or ''}, is this correct?"))

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

