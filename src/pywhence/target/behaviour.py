"""Version -> behaviour switches: every CPython change the model depends on, by name.

Stages never compare version numbers; they read a field of :class:`Behaviour`.  Each field
has a :class:`Rule` in :data:`RULES` saying from which release it holds (per series, for
fixes backported in security releases), the CPython issue it comes from, and what it
changes.  ``docs/behaviour.md`` is generated from the same table
(``python -m pywhence.target.behaviour``).

A version whose micro release is unknown (``"3.12"``) is taken as the newest release of
its series listed in :data:`NEWEST_MICRO`.
"""

from __future__ import annotations

from .._memo import memoize
from .._record import fields, record
from .interpreter import Version

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["NEWEST_MICRO", "RULES", "Behaviour", "Rule", "behaviour_for"]

#: Newest micro release of each series known when this table was written.
NEWEST_MICRO = {
    (3, 8): 20,
    (3, 9): 25,
    (3, 10): 19,
    (3, 11): 14,
    (3, 12): 12,
    (3, 13): 9,
    (3, 14): 10,
    (3, 15): 2,
}


@record
class Rule:
    """When a behaviour holds.

    ``since`` is the first ``(major, minor, micro)`` release with the behaviour;
    ``backports`` maps an older series ``(major, minor)`` to its first micro with it;
    ``until`` (exclusive), if set, is the first release without it.
    """

    since: tuple[int, int, int]
    issue: str
    doc: str
    backports: tuple[tuple[int, int, int], ...] = ()
    until: tuple[int, int, int] | None = None

    def holds(self, v: tuple[int, int, int]) -> bool:
        if self.until is not None and v >= self.until:
            return False
        if v >= self.since:
            return True
        return any(v[:2] == b[:2] and v[2] >= b[2] for b in self.backports)


@record
class Behaviour:
    """The switches of one target version.  See :data:`RULES` for each one's meaning."""

    version: Version
    # -- path configuration (getpath) --------------------------------------------------
    getpath_py: bool = False
    platlibdir: bool = False
    pth_file_on_posix: bool = False
    pythonpath_made_absolute: bool = False
    strict_pyvenv_home_syntax: bool = False
    pythonexecutable_on_posix: bool = False
    venv_base_executable_from_home: bool = False
    venv_in_getpath: bool = False
    abi_thread: bool = False
    venv_base_executable_fallback_names: bool = False
    pyvenv_cfg_read_under_home: bool = False
    exec_prefix_from_prefix: bool = False
    build_dir_needs_pybuilddir_txt: bool = False
    nt_site_packages_in_capital_lib: bool = False
    nt_platlibdir_is_dlls: bool = False
    venv_base_executable_dir_landmarks: bool = False
    encodings_fatal_in_init_interp: bool = False
    pth_disables_user_site: bool = False
    launcher_base_is_real_executable: bool = False
    nt_exec_prefix_is_prefix: bool = False
    nt_missing_dlls_not_on_path: bool = False
    getpath_stdlib_warnings: bool = False
    normpath_dot_is_empty: bool = False
    pathconfig_warnings_option: bool = False
    # -- flags and sys.path[0] -------------------------------------------------------------
    safe_path: bool = False
    isolated_hides_path0: bool = False
    run_filename_made_absolute: bool = False
    # -- site ------------------------------------------------------------------------------
    skip_hidden_pth: bool = False
    pth_utf8_sig_first: bool = False
    pth_splitlines: bool = False
    pth_locale_ignores_utf8_mode: bool = False
    fatal_error_names_function: bool = False
    nul_in_source_is_syntax_error: bool = False
    site_start_files: bool = False
    site_startup_batch: bool = False
    start_file_suppresses_pth_imports: bool = False
    pth_lines_stripped: bool = False
    pth_errors_do_not_stop_file: bool = False
    pth_missing_dir_reported: bool = False
    site_known_paths_start_empty: bool = False
    site_fails_at_core_initialized: bool = False
    pth_locale_fallback: bool = False
    pth_import_lines_ignored: bool = False
    pth_import_lines_warned: bool = False
    # -- the build ------------------------------------------------------------------------
    abi3t_suffix: bool = False
    abi3_multiarch_suffix: bool = False
    # -- the import system (issue 9: imports/) -------------------------------------------
    filefinder_dot_is_cwd: bool = False
    path_abspath_drops_dot_slash: bool = False
    caseok_respects_ignore_environment: bool = False
    builtin_importer_ignores_path: bool = False
    builtin_origin_at_setup: bool = False
    relative_import_error_is_import_error: bool = False
    namespace_loader_public: bool = False
    zipimporter_find_spec: bool = False
    zipimport_zip64: bool = False
    zipimport_implicit_dirs: bool = False
    frozen_stdlib: bool = False
    frozen_modules_env: bool = False
    frozen_os_path_alias: bool = False
    core_imports_latin_1: bool = False
    core_without_io: bool = False
    pth_read_imports_bootlocale: bool = False
    command_registers_linecache: bool = False
    runpy_imports_re: bool = False
    runpy_imports_importlib_abc_private: bool = False
    runpy_slim: bool = False
    runpy_without_warnings: bool = False
    runpy_imports_io_types: bool = False
    spec_location_made_absolute: bool = False

    # -- PyConfig validation (startup/config_checks.py; -X frozen_modules and
    # PYTHON_FROZEN_MODULES are frozen_stdlib and frozen_modules_env above) ----------------
    pymalloc_mimalloc: bool = False
    config_checks_gil: bool = False
    config_checks_import_time: bool = False
    config_checks_lazy_imports: bool = False
    config_checks_int_max_str_digits: bool = False
    config_checks_cpu_count: bool = False
    config_checks_context_options: bool = False
    config_checks_pathconfig_warnings: bool = False
    tracemalloc_start_checked: bool = False
    tracemalloc_fatal_says_start: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in fields(self) if name != "version"}


RULES: dict[str, Rule] = {
    "getpath_py": Rule(
        (3, 11, 0), "bpo-45582",
        "Path configuration is Modules/getpath.py (frozen Python) instead of getpath.c; "
        "3.8-3.10 follow the older C algorithm (argv0_path, reduce(), search_for_prefix).",
    ),
    "platlibdir": Rule(
        (3, 9, 0), "bpo-1294959",
        "sys.platlibdir exists: the build's PLATLIBDIR (and PYTHONPLATLIBDIR) names the "
        "'lib' directory of the stdlib and lib-dynload; 3.8 always uses 'lib'.",
    ),
    "pth_file_on_posix": Rule(
        (3, 11, 0), "bpo-45582",
        "A ._pth file next to the executable replaces sys.path on POSIX too (Windows "
        "only before 3.11).",
    ),
    "pythonpath_made_absolute": Rule(
        (3, 11, 0), "bpo-45582",
        "PYTHONPATH entries are made absolute against the working directory (and "
        "normalised); before, relative entries were kept as given.",
    ),
    "strict_pyvenv_home_syntax": Rule(
        (3, 8, 0), "bpo-45582",
        "pyvenv.cfg's home is found only as 'home = value' (the key a token of its own, "
        "'=' a token of its own, every line ending in a newline); 3.11 accepts any "
        "'key=value' line with spaces stripped, key compared case-insensitively.",
        until=(3, 11, 0),
    ),
    "pythonexecutable_on_posix": Rule(
        (3, 11, 0), "bpo-45582",
        "PYTHONEXECUTABLE sets sys.executable on every POSIX platform, not only macOS.",
    ),
    "venv_base_executable_from_home": Rule(
        (3, 11, 0), "bpo-45582",
        "In a venv, sys._base_executable is derived from pyvenv.cfg's home (or the "
        "resolved symlink); before 3.11 it equals sys.executable on POSIX.",
    ),
    "venv_in_getpath": Rule(
        (3, 14, 0), "gh-126985",
        "Path configuration itself sets sys.prefix/sys.exec_prefix to the venv (site.py "
        "did it before 3.14).",
    ),
    "abi_thread": Rule(
        (3, 13, 0), "gh-111506",
        "The stdlib directory carries the ABI thread suffix ('python3.13t') in "
        "free-threaded builds.",
    ),
    "venv_base_executable_fallback_names": Rule(
        (3, 12, 0), "gh-99204",
        "In a venv whose home has no file named like the running executable, "
        "sys._base_executable falls back to home/python3, then home/python3.X "
        "(the first that is a file); before, home/<executable name> unconditionally.",
        backports=((3, 11, 1),),
    ),
    "pyvenv_cfg_read_under_home": Rule(
        (3, 14, 0), "gh-126985, gh-135773",
        "pyvenv.cfg is read (and marks a venv) even when PYTHONHOME or an embedder's home "
        "is set, and a pyvenv.cfg without a 'home' key still marks a venv; before, home "
        "skipped the file and a file without 'home' was ignored.  Modelled from source.",
    ),
    "exec_prefix_from_prefix": Rule(
        (3, 14, 0), "gh-107658",
        "exec_prefix is taken from prefix when prefix holds lib/pythonX.Y/lib-dynload, "
        "before searching up from the executable.  Modelled from source.",
    ),
    "encodings_fatal_in_init_interp": Rule(
        (3, 13, 0), "gh-151253",
        "A stdlib without 'encodings' dies in _PyCodec_InitRegistry() with 'Fatal Python "
        "error: Failed to import encodings module'; before, 'init_fs_encoding: failed to "
        "get the Python codec of the filesystem encoding' (measured with 3.12.1 and "
        "3.13.0; gh-151253 restores the path-configuration dump in later micros).",
    ),
    "nt_site_packages_in_capital_lib": Rule(
        (3, 11, 0), "bpo-45582",
        "Windows site.py spells the site-packages of each prefix 'Lib\\site-packages'; "
        "before, it joined each of [sys.platlibdir, 'lib'] with 'site-packages' (3.8: "
        "'lib' only), so sys.path showed 'lib\\site-packages' (found by running each "
        "version's own site.py, tests/oracle/test_site_oracle.py).",
    ),
    "nt_platlibdir_is_dlls": Rule(
        (3, 11, 0), "bpo-45582",
        "Windows builds set sys.platlibdir (PLATLIBDIR) to 'DLLs', getpath's landmark for "
        "extension modules; 3.9-3.10 Windows builds report 'lib' (the default a win32 "
        "world takes when its build names none).",
    ),
    "build_dir_needs_pybuilddir_txt": Rule(
        (3, 14, 10), "measured (3.14.10's frozen getpath); issue not found",
        "A build directory is recognised by pybuilddir.txt only: the Modules/Setup.local "
        "landmark (and on Windows its platstdlib_dir = executable directory quirk) is gone "
        "from getpath.py.  First micro unknown; earlier 3.14 micros are modelled as 3.14.10.",
    ),
    "venv_base_executable_dir_landmarks": Rule(
        (3, 14, 10), "gh-106045 (python/cpython PR 156483; measured in 3.14.10)",
        "In a venv whose base executable getpath derived itself (a resolved symlink, or "
        "home + name), that executable's directory replaces pyvenv.cfg's home as the place "
        "to search for prefixes when it holds pybuilddir.txt or has the stdlib zip or "
        "os.py above it: a home that points elsewhere no longer misleads.",
    ),
    "pth_disables_user_site": Rule(
        (3, 15, 0), "gh-120037",
        "A ._pth file also sets user_site_directory = 0; before, it set isolated = 1 after "
        "PyConfig had derived the user-site flag, so site.py still adds the user site "
        "(measured with 3.11.7, 3.12.1, 3.13.0 and 3.14.10: the fix, PR 137428, went to "
        "3.15 only).",
    ),
    "launcher_base_is_real_executable": Rule(
        (3, 13, 0), "gh-112984 (probable; the change itself is measured)",
        "With __PYVENV_LAUNCHER__ or PYTHONEXECUTABLE set, sys._base_executable is the "
        "OS-reported executable (Windows GetModuleFileNameW, macOS _NSGetExecutablePath) "
        "when known; before, the one derived from argv[0] (so a venv launcher passing the "
        "venv's python.exe as argv[0] made it the base).  Measured with the frozen getpath "
        "of 3.11.2/3.11.7/3.12.1 against 3.13.0; the issue is the 3.13 venvlauncher change.",
    ),
    "nt_exec_prefix_is_prefix": Rule(
        (3, 12, 0), "gh-100320",
        "Windows: exec_prefix is prefix (DLLs is relative to the Lib directory), not "
        "searched up from the executable's directory for a DLLs directory.  3.11.0-3.11.1 "
        "searched (3.11.1 only off Windows).  Before 3.11.2 modelled from the issue and PR "
        "descriptions, not verified.",
        backports=((3, 11, 2),),
    ),
    "nt_missing_dlls_not_on_path": Rule(
        (3, 12, 0), "gh-98790",
        "Windows: a missing DLLs directory is left off sys.path (platstdlib_dir becomes "
        "exec_prefix, already on it) so the executable's directory keeps its place for "
        ".pyd files; 3.11.0 listed prefix\\DLLs anyway.  3.11.0 modelled from the PR "
        "description, not verified.",
        backports=((3, 11, 1),),
    ),
    "getpath_stdlib_warnings": Rule(
        (3, 15, 0), "measured (3.15.2's frozen getpath; cf. gh-125873)",
        "Unless PyConfig sets the search path or a ._pth file does, getpath also warns "
        "'WARN: Could not find the standard library directory! <hint>' when neither the "
        "stdlib zip is a file nor stdlib_dir a directory, else 'WARN: Could not find the "
        "platform standard library directory! <hint>' when platstdlib_dir is no directory; "
        "the hint names home (repr) when set, else sys.prefix / sys.exec_prefix.",
    ),
    "normpath_dot_is_empty": Rule(
        (3, 14, 0), "measured (_testinternalcapi.normalize_path of 3.14.10 and 3.15.2)",
        "The C _Py_normpath() turns '.' itself into '' too (3.12/3.13 keep '.'): a ._pth "
        "line '.' beside an executable found through an empty PATH entry gives sys.path "
        "entry '' (getpath.py's joinpath('', '.')).",
    ),
    "pathconfig_warnings_option": Rule(
        (3, 15, 0), "gh-145275",
        "-X pathconfig_warnings=0|1 and PYTHON_PATHCONFIG_WARNINGS (ignored under -E/-I) "
        "set PyConfig.pathconfig_warnings: 0 silences every getpath warning (an empty -X "
        "value counts as 0); before, only an embedder could.",
    ),
    "safe_path": Rule(
        (3, 11, 0), "gh-57684",
        "-P and PYTHONSAFEPATH exist and keep sys.path[0] from being added; -I implies -P.",
    ),
    "isolated_hides_path0": Rule(
        (3, 4, 0), "bpo-16499",
        "-I alone keeps the script directory (or '') out of sys.path; from 3.11 the "
        "same comes through safe_path, which -I implies.",
        until=(3, 11, 0),
    ),
    "run_filename_made_absolute": Rule(
        (3, 9, 0), "bpo-20443",
        "The script path from the command line is made absolute, so sys.path[0] for a "
        "directory or zip (and __file__) is absolute.",
    ),
    "skip_hidden_pth": Rule(
        (3, 13, 0), "gh-113659",
        "site skips .pth files whose name starts with '.' (and, on Windows/macOS, hidden "
        "ones); backported to the security releases listed.",
        backports=((3, 8, 19), (3, 9, 19), (3, 10, 14), (3, 11, 8), (3, 12, 2)),
    ),
    "pth_utf8_sig_first": Rule(
        (3, 13, 0), "gh-77102",
        ".pth files are decoded as UTF-8 (BOM allowed) first, the locale encoding only "
        "as a fallback; before, the locale encoding alone.",
    ),
    "pth_splitlines": Rule(
        (3, 13, 0), "gh-77102",
        "site reads a .pth file whole and splits it with str.splitlines() (so \\v, \\f, "
        "\\x1c-\\x1e, \\x85, U+2028/9 end lines too); a decoding error is raised before any "
        "line is processed. Before, lines came from a text-mode file (universal newlines), "
        "and a decoding error surfaced in the middle of the iteration.",
    ),
    "pth_locale_ignores_utf8_mode": Rule(
        (3, 11, 0), "bpo-47000",
        "The 'locale' encoding used for .pth files is the LC_CTYPE encoding even in UTF-8 "
        "mode (LC_ALL=C gives ASCII); before, UTF-8 mode (PEP 540, on by default in the "
        "C/POSIX locale) made it UTF-8.",
    ),
    "fatal_error_names_function": Rule(
        (3, 9, 0), "bpo-39882",
        "Py_FatalError() prefixes the C function's name ('init_import_site: ...'); 3.8 "
        "spelt the prefix by hand, with a typo: 'init_import_size: Failed to import the "
        "site module'.",
    ),
    "nul_in_source_is_syntax_error": Rule(
        (3, 12, 0), "gh-96670",
        "A NUL character in source given to exec()/compile() raises SyntaxError (was "
        "ValueError): the exception a .pth import line with a NUL makes site report.",
        backports=((3, 11, 4),),
    ),
    "site_start_files": Rule(
        (3, 15, 0), "PEP 829",
        "site reads '<name>.start' files: after a site directory's .pth files (sorted), its "
        ".start files (sorted; a name starting with '.' skipped, as for .pth), decoded as "
        "UTF-8 (BOM allowed) with no locale fallback (an undecodable or unreadable one is "
        "ignored); each stripped line that is not blank or a '#' comment is an entry point "
        "'pkg.mod:callable', resolved with pkgutil.resolve_name(strict=True) and called "
        "with no arguments after every .pth import line.",
    ),
    "site_startup_batch": Rule(
        (3, 15, 0), "PEP 829",
        "site.main() collects the venv's, the user site's and the system site directories "
        "in one batch: every sys.path addition of the batch is made first (a site "
        "directory, then its .pth paths, in reading order), then the .pth import lines "
        "run, file by file, then the .start entry points; before, each import line ran as "
        "soon as its .pth file was read.",
    ),
    "start_file_suppresses_pth_imports": Rule(
        (3, 15, 0), "PEP 829",
        "The import lines of 'name.pth' are not run when 'name.start' in the same "
        "directory was read in the same batch, even an empty or comment-only one.",
    ),
    "pth_lines_stripped": Rule(
        (3, 15, 0), "PEP 829",
        ".pth lines are strip()ped on both sides before the blank, '#' comment and import "
        "checks ('  import x' is an import line, '  # x' a comment, '  dir  ' names 'dir'); "
        "before, a line was only rstrip()ped, after those checks.",
    ),
    "pth_errors_do_not_stop_file": Rule(
        (3, 15, 0), "PEP 829",
        "An import line that raises prints 'Error in import line from <file>: <line>' with "
        "an indented traceback and the next line still runs; a line whose path cannot be "
        "made is skipped.  Before, 'Error processing line N of <file>' ended with "
        "'Remainder of file ignored'.",
    ),
    "pth_missing_dir_reported": Rule(
        (3, 15, 0), "PEP 829",
        "A .pth line naming no existing path prints 'In <file>: <dir> does not exist; "
        "skipping sys.path append' on stderr (before, it was skipped silently).",
    ),
    "site_known_paths_start_empty": Rule(
        (3, 15, 0), "gh-149819",
        "site.main()'s batch starts with no known paths: a .pth path is dropped when an "
        "earlier line of the batch named it (a missing one included) or, at the end, when "
        "it is already in sys.path as the same string; before, the case-normalised "
        "sys.path after removeduppaths() was the known set, and a missing path was not "
        "remembered.",
    ),
    "site_fails_at_core_initialized": Rule(
        (3, 15, 0), "measured (3.15.2)",
        "When importing site raises, the fatal error says 'Python runtime state: core "
        "initialized' (3.8-3.14: 'initialized').",
    ),
    "pth_locale_fallback": Rule(
        (3, 8, 0), "gh-77102, PEP 829",
        "A .pth file is decoded with the locale encoding: the only encoding before 3.13 "
        "(pth_utf8_sig_first), the fallback after UTF-8 until 3.20, when a .pth that is "
        "not UTF-8 is no longer read that way (site.py's _warn_future_us(..., remove=(3, "
        "20)), after which it is ignored as an undecodable .start file is).  The end is "
        "never reached by a modelled version.",
        until=(3, 20, 0),
    ),
    "pth_import_lines_ignored": Rule(
        (3, 18, 0), "PEP 829",
        "import lines in .pth files are ignored, silently in 3.18 and 3.19 (site.py's "
        "_warn_future_us(..., remove=(3, 18))).  Never reached by a modelled version.",
    ),
    "abi3t_suffix": Rule(
        (3, 15, 0), "gh-146636 (PEP 803)",
        "Extension modules may end in '.abi3t.so' (the stable ABI for free-threaded builds), "
        "accepted by every build after the abi3 suffixes; a free-threaded build still "
        "accepts no '.abi3.so'.",
    ),
    "abi3_multiarch_suffix": Rule(
        (3, 15, 0), "measured (sid's 3.15.2 _PyImport_DynLoadFiletab; cf. gh-122931)",
        "Each stable-ABI suffix is also accepted tagged with the multiarch tuple, first: "
        "'.abi3-x86_64-linux-gnu.so' before '.abi3.so' (Debian's 3.14 listed its own "
        "'.abi3-<multiarch>.so' after '.abi3.so'; only its binary says so).",
    ),
    "pth_import_lines_warned": Rule(
        (3, 20, 0), "PEP 829",
        "An ignored .pth import line is reported with a warning (_warn_future_us(..., "
        "remove=(3, 20))).  Never reached by a modelled version.",
    ),
    # -- the import system (issue 9: imports/) -------------------------------------------
    "filefinder_dot_is_cwd": Rule(
        (3, 11, 0), "gh-93461",
        "FileFinder('.') (and '') searches os.getcwd() itself; before, the directory was "
        "joined as cwd + '/.', which origins and namespace portions keep "
        "(pkgutil.extend_path over a '' entry gives '<cwd>/./name').",
    ),
    "path_abspath_drops_dot_slash": Rule(
        (3, 12, 0), "measured (3.12.1's _path_abspath in importlib; 3.11.7 has none)",
        "A relative path is made absolute by _path_abspath(), which drops one leading './' "
        "before joining it to the working directory (FileFinder, spec_from_file_location, "
        "a relative sys.pycache_prefix source directory); before, it was joined as is.",
    ),
    "caseok_respects_ignore_environment": Rule(
        (3, 9, 0), "measured (3.8.18's _relax_case reads PYTHONCASEOK under -E; 3.9.18's does not)",
        "PYTHONCASEOK (Windows, macOS) is ignored with -E or -I; before, it relaxed the "
        "case of module names even then.",
    ),
    "builtin_importer_ignores_path": Rule(
        (3, 11, 0), "measured (3.11.7's BuiltinImporter.find_spec; 3.10.13 checks path)",
        "BuiltinImporter serves a name whatever path it is asked with; before, it "
        "returned None for any submodule lookup (path is not None).",
    ),
    "builtin_origin_at_setup": Rule(
        (3, 9, 0), "measured (3.8.18: sys.__spec__.origin is None; 3.9.18: 'built-in')",
        "The specs of the built-in modules importlib sets up at startup (sys, builtins...) "
        "have origin 'built-in'; in 3.8 their origin is None.",
    ),
    "relative_import_error_is_import_error": Rule(
        (3, 9, 0), "bpo-37444",
        "importlib.util.find_spec('.x') without a package raises ImportError (was "
        "ValueError).",
    ),
    "namespace_loader_public": Rule(
        (3, 11, 0), "bpo-35673",
        "An imported namespace package's loader is importlib.machinery.NamespaceLoader "
        "(was the private _NamespaceLoader).",
    ),
    "zipimporter_find_spec": Rule(
        (3, 10, 0), "bpo-42131",
        "zipimporter has find_spec(); before, PathFinder used its find_loader(), which "
        "reports no portions for a regular package (pkgutil.extend_path sees only "
        "namespace directories of an archive).",
    ),
    "zipimport_zip64": Rule(
        (3, 13, 0), "gh-89739",
        "zipimport reads ZIP64 archives (the zip64 end of central directory and extra "
        "fields).",
    ),
    "zipimport_implicit_dirs": Rule(
        (3, 14, 0), "gh-59110",
        "zipimport adds the directories implied by member names, so an archive without "
        "directory entries still has namespace portions; before, only explicit 'dir/' "
        "entries counted.",
    ),
    "frozen_stdlib": Rule(
        (3, 11, 0), "bpo-45020",
        "The modules startup needs (os, site, codecs, io, abc, stat, posixpath, runpy, "
        "importlib.util...) are frozen and found by FrozenImporter before sys.path; "
        "-X frozen_modules=off turns them off (the importlib bootstrap stays frozen).",
    ),
    "frozen_modules_env": Rule(
        (3, 13, 0), "measured (3.13.0 reads PYTHON_FROZEN_MODULES; 3.11.7 and 3.12.1 do not)",
        "PYTHON_FROZEN_MODULES=on|off sets the frozen-modules default (unless -E/-I); "
        "-X frozen_modules overrides it; another value is a fatal startup error.",
    ),
    "frozen_os_path_alias": Rule(
        (3, 11, 0), "bpo-45020 (measured: gone from sid's 3.14.10)",
        "'os.path' is a frozen alias of posixpath (ntpath on Windows).",
        until=(3, 14, 0),
    ),
    "core_imports_latin_1": Rule(
        (3, 8, 0), "measured (3.8.18, 3.9.18)",
        "Startup imports encodings.latin_1 whatever the locale.",
        until=(3, 10, 0),
    ),
    "core_without_io": Rule(
        (3, 14, 0), "measured (sid's 3.14.10)",
        "Startup without site no longer imports io, abc and _abc (site imports abc, _abc "
        "and errno).",
    ),
    "pth_read_imports_bootlocale": Rule(
        (3, 8, 0), "measured (3.8.18, 3.9.18; _bootlocale is gone in 3.10)",
        "Reading a .pth file in text mode imports _bootlocale (and _locale) for the locale "
        "encoding.",
        until=(3, 10, 0),
    ),
    "command_registers_linecache": Rule(
        (3, 13, 0), "measured (3.13.0, 3.14.10)",
        "-c imports linecache to register the command's source (for tracebacks).",
    ),
    "runpy_imports_re": Rule(
        (3, 9, 0), "measured (3.9.18: python -m imports re, enum and typing)",
        "python -m imports re, enum, typing and their helpers through runpy.",
        until=(3, 10, 0),
    ),
    "runpy_imports_importlib_abc_private": Rule(
        (3, 10, 0), "measured (3.10.13, 3.11.7)",
        "runpy's importlib imports importlib._abc (not importlib.abc), and no pkgutil.",
    ),
    "runpy_slim": Rule(
        (3, 12, 0), "measured (3.12.1: runpy no longer imports contextlib, functools...)",
        "python -m imports only importlib, importlib._abc, importlib.machinery, "
        "importlib.util, runpy, types and warnings.",
    ),
    "runpy_without_warnings": Rule(
        (3, 13, 0), "measured (3.13.0)",
        "python -m no longer imports warnings (runpy's importlib.util stopped needing it).",
    ),
    "runpy_imports_io_types": Rule(
        (3, 14, 0), "measured (sid's 3.14.10)",
        "python -m also imports io and _types (io is no longer imported by the core).",
    ),
    "spec_location_made_absolute": Rule(
        (3, 10, 0), "bpo-43105",
        "spec_from_file_location() makes a relative location absolute against the working "
        "directory (editable finders pass their own paths through it); before, it was kept.",
    ),
    # -- PyConfig validation: values that stop CPython at startup ----------------------
    # (the messages and their order: startup/config_checks.py; every value measured on
    # pyenv 3.8.18-3.13.0 and sid's 3.14.10/3.15.2, /tmp/research/task3-fatal-matrix.txt)
    "pymalloc_mimalloc": Rule(
        (3, 13, 0), "gh-90815",
        "PYTHONMALLOC also accepts 'mimalloc' and 'mimalloc_debug'; before, they are an "
        "'unknown allocator' (fatal, as any other name).",
    ),
    "config_checks_gil": Rule(
        (3, 13, 0), "PEP 703 (gh-116167)",
        "PYTHON_GIL and -X gil must be exactly '0' or '1', and '0' needs a free-threaded "
        "build: anything else is fatal ('config_read_gil: ...'); before, both are ignored.",
    ),
    "config_checks_import_time": Rule(
        (3, 14, 0), "gh-102567",
        "A numeric PYTHONPROFILEIMPORTTIME or -X importtime=N other than 0, 1 or 2 is fatal "
        "('config_init_import_time: ...'); a value that is no number still means 1.",
    ),
    "config_checks_lazy_imports": Rule(
        (3, 15, 0), "PEP 810 (measured with 3.15.2)",
        "PYTHON_LAZY_IMPORTS and -X lazy_imports must be 'all' or 'normal' (case matters; "
        "'-X lazy_imports' without a value is fatal too).",
    ),
    "config_checks_int_max_str_digits": Rule(
        (3, 11, 0), "gh-95778 (CVE-2020-10735)",
        "PYTHONINTMAXSTRDIGITS and -X int_max_str_digits exist and must be 0 or at least "
        "640 ('-X int_max_str_digits' without a value is fatal); the security releases "
        "listed have them too.",
        backports=((3, 8, 14), (3, 9, 14), (3, 10, 7)),
    ),
    "config_checks_cpu_count": Rule(
        (3, 13, 0), "gh-109595",
        "PYTHON_CPU_COUNT and -X cpu_count must be 'default' or an integer of at least 1 "
        "('-X cpu_count' without a value is fatal).",
    ),
    "config_checks_context_options": Rule(
        (3, 14, 0), "gh-128555, gh-128384",
        "PYTHON_THREAD_INHERIT_CONTEXT / -X thread_inherit_context and "
        "PYTHON_CONTEXT_AWARE_WARNINGS / -X context_aware_warnings must be 0 or 1 (the -X "
        "forms need '=N'; an empty N is 0).",
    ),
    "config_checks_pathconfig_warnings": Rule(
        (3, 15, 0), "gh-145275",
        "PYTHON_PATHCONFIG_WARNINGS and -X pathconfig_warnings must be 0 or 1 (the -X form "
        "needs '=N'; an empty N is 0).",
    ),
    "tracemalloc_start_checked": Rule(
        (3, 9, 0), "measured (3.8.18 starts with 70000 frames, 3.9.18 does not)",
        "A tracemalloc frame count above 65535 (-X tracemalloc=N, else PYTHONTRACEMALLOC) "
        "stops init_interp_main after the stdlib is found, before site "
        "('ValueError: the number of frames must be in range [1; 65535]').",
    ),
    "tracemalloc_fatal_says_start": Rule(
        (3, 12, 0), "measured (3.11.7: 'can't initialize tracemalloc', 3.12.1: 'can't start')",
        "init_interp_main's fatal error says \"can't start tracemalloc\"; before, \"can't "
        "initialize tracemalloc\".",
    ),
}


@memoize(64)
def behaviour_for(version: Version) -> Behaviour:
    """The switches of *version* (an unknown micro is the newest of its series).

    Remembered per version: the rules are constants and the result is frozen.
    """
    micro = version.micro if version.micro is not None else NEWEST_MICRO.get(version.xy, 0)
    v = (version.major, version.minor, micro)
    values = {name: rule.holds(v) for name, rule in RULES.items()}
    return Behaviour(version=version, **values)


def render_markdown() -> str:
    """docs/behaviour.md: the switch table."""
    lines = [
        "# Behaviour switches",
        "",
        "Generated by `python -m pywhence.target.behaviour` from `src/pywhence/target/behaviour.py`.",
        "",
        "| switch | holds from | backported to | until | CPython issue | what changes |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in RULES.items():
        since = ".".join(map(str, r.since))
        back = ", ".join(".".join(map(str, b)) for b in r.backports) or "-"
        until = ".".join(map(str, r.until)) if r.until else "-"
        lines.append(f"| `{name}` | {since} | {back} | {until} | {r.issue} | {r.doc} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
