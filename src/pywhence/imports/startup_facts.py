"""What startup did that the import system remembers (Python/pylifecycle.c, site.py,
Modules/main.c): the codec modules it imported for the locale, whether site decoded
``.pth`` files, whether the script is a directory or archive run through runpy, what
sitecustomize and usercustomize are, and which built-in modules a world's build has.

The codec registry imports ``encodings.<codec>`` for the filesystem encoding and the
standard streams' encoding (PYTHONIOENCODING, UTF-8 mode, else the locale's), so those
modules are in ``sys.modules`` before the program starts.
"""

from __future__ import annotations

from .state import ImportSystem

__all__ = ["DEBIAN_SITECUSTOMIZE", "assumed_builtins", "note_startup_facts"]

#: Debian's /etc/python3.X/sitecustomize.py: it only tries to import apport's hook.
DEBIAN_SITECUSTOMIZE = (
    "# install the apport exception handler if available\n"
    "try:\n"
    "    import apport_python_hook\n"
    "except ImportError:\n"
    "    pass\n"
    "else:\n"
    "    apport_python_hook.install()\n"
)

#: Modules/Setup.bootstrap (3.11+) and the matching core of 3.8-3.10: built in by
#: every POSIX build (others vary with the build's Setup.local / configure options).
_POSIX_CORE = frozenset(
    ["_abc", "_codecs", "_collections", "_functools", "_imp", "_io", "_locale", "_operator", "_signal", "_sre", "_stat", "_string", "_symtable", "_thread", "_tracemalloc", "_warnings", "_weakref", "atexit", "builtins", "errno", "faulthandler", "gc", "itertools", "marshal", "posix", "pwd", "sys", "time"]
)

#: PC/config.c of 3.8-3.14: the Windows builds compile these in.
_NT_BUILTINS = frozenset(
    ["_abc", "_ast", "_bisect", "_blake2", "_codecs", "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr", "_codecs_tw", "_collections", "_contextvars", "_csv", "_datetime", "_functools", "_heapq", "_imp", "_io", "_json", "_locale", "_lsprof", "_md5", "_multibytecodec", "_opcode", "_operator", "_pickle", "_random", "_sha1", "_sha256", "_sha3", "_sha512", "_signal", "_sre", "_stat", "_statistics", "_string", "_struct", "_symtable", "_thread", "_tracemalloc", "_warnings", "_weakref", "_winapi", "array", "atexit", "binascii", "builtins", "cmath", "errno", "faulthandler", "gc", "itertools", "marshal", "math", "mmap", "msvcrt", "nt", "sys", "time", "winreg", "xxsubtype", "zlib"]
)


#: Modules a POSIX build may compile in or ship in lib-dynload (sys.builtin_module_names
#: and lib-dynload of pyenv's 3.8-3.13, Debian's 3.11 and sid's 3.14 and 3.15).
_MAYBE_BUILTIN = frozenset(
    ["_asyncio", "_bisect", "_blake2", "_bz2", "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr", "_codecs_tw", "_contextvars", "_crypt", "_csv", "_ctypes", "_curses", "_curses_panel", "_datetime", "_dbm", "_decimal", "_elementtree", "_gdbm", "_hashlib", "_heapq", "_json", "_lsprof", "_lzma", "_md5", "_multibytecodec", "_multiprocessing", "_opcode", "_peg_parser", "_pickle", "_posixshmem", "_posixsubprocess", "_queue", "_random", "_sha1", "_sha2", "_sha256", "_sha3", "_sha512", "_socket", "_sqlite3", "_ssl", "_statistics", "_struct", "_suggestions", "_sysconfig", "_tkinter", "_tokenize", "_types", "_typing", "_uuid", "_zoneinfo", "_zstd", "array", "audioop", "binascii", "cmath", "fcntl", "grp", "math", "mmap", "nis", "ossaudiodev", "parser", "pyexpat", "readline", "resource", "select", "spwd", "syslog", "termios", "unicodedata", "xxsubtype", "zlib", "_ast", "_math_integer"]
)


def assumed_builtins(system: ImportSystem) -> tuple[frozenset[str], frozenset[str]]:
    """(the built-in modules assumed for a build whose binary cannot be read, the names
    that may or may not be built in and so make an answer uncertain)."""
    if system.platform == "win32":
        return _NT_BUILTINS, frozenset()
    return _POSIX_CORE, _MAYBE_BUILTIN - _POSIX_CORE


def _codec_names(system: ImportSystem) -> tuple[tuple[str, ...], bool]:
    """The codec modules startup imports, and whether they are known for sure."""
    from ..startup.initconfig import env_value, make_config
    from ..startup.site import filesystem_encoding, utf8_mode
    from .preloaded import codec_module

    inv = system.inv
    config = make_config(inv, system.cmdline, system.sw)
    if system.nt:
        return ("encodings.utf_8", "encodings.cp1252"), False
    encodings = [filesystem_encoding(config)]
    io = env_value(inv.env, "PYTHONIOENCODING") if system.use_environment else None
    io_encoding = io.partition(":")[0] if io else ""
    if io_encoding:
        encodings.append(io_encoding)
    elif utf8_mode(config):
        encodings.append("utf-8")
    else:
        encodings.append(filesystem_encoding(config))
    names: list[str] = []
    for enc in encodings:
        mod = codec_module(enc)
        if mod is not None and mod not in names:
            names.append(mod)
    sure = all(n in ("encodings.utf_8", "encodings.ascii", "encodings.latin_1") for n in names)
    return tuple(names), sure and system.platform == "linux"


def note_startup_facts(system: ImportSystem) -> None:
    """Fill in what *system* needs to know about the startup that made it."""
    startup = system.startup
    if startup.fatal:
        system.reasons.setdefault(f"the interpreter would not start: {startup.fatal}", None)
    codecs, sure = _codec_names(system)
    system.codec_modules = codecs
    if not sure:
        system.prefix_reasons.setdefault("encodings.", []).append(
            "the codec modules startup imports depend on the locale and platform, which "
            "are modelled approximately here")
    system.pth_files_read = any(
        d.stage == "site" and d.rule == ".pth file" and not d.outcome.startswith("cannot")
        for d in startup.trace)
    cl = system.cmdline
    if cl is not None and cl.run_mode == "script" and cl.run_target:
        target = system.absolute(cl.run_target)
        kind = system.kind(target)
        if kind == "dir":
            system.main_is_package_dir = True
        elif kind == "file":
            # an archive (a zipapp, a shebang line before it included) runs its __main__
            try:
                data = system.fs.read_bytes(target)
            except OSError:
                data = b""
            if b"PK\x05\x06" in data[-(1 << 16) - 100:]:
                from .zipimport import zip_directory

                system.main_is_package_dir = zip_directory(system, target) is not None
    for entry in startup.dynamic:
        if entry.origin in ("sitecustomize", "usercustomize"):
            _customize(system, entry.path, entry.origin)


def _customize(system: ImportSystem, path: str, module: str) -> None:
    """sitecustomize/usercustomize: imported by site (so in ``sys.modules``), and its
    code may do anything; Debian's own only tries apport's hook."""
    system.extra_preloaded.append((module, "site"))
    try:
        text = system.fs.read_bytes(system.absolute(path)).decode("utf-8", "replace")
    except OSError:
        text = ""
    if text.replace("\r\n", "\n") == DEBIAN_SITECUSTOMIZE:
        from ._bootstrap import ImportFailed, util_find_spec
        from .state import Search

        try:
            hook, _mod = util_find_spec(system.at_stage("site"),
                                        Search(system, explain=False), "apport_python_hook")
        except ImportFailed:
            hook = None
        if hook is None:
            return
    system.reasons.setdefault(
        f"{module} ({path}) runs at startup and may change the import system", None)
