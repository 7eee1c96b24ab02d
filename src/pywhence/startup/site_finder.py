"""What an ``import`` would find, as far as ``Lib/site.py`` needs to know (3.8-3.15).

site runs ``import`` lines of ``.pth`` files and imports ``sitecustomize`` and
``usercustomize``; pywhence runs none of them, but says which would fail for want of
a module and where the customize modules are.  That is the search of the path-based
import system -- ``PathFinder`` and ``FileFinder`` of
``Lib/importlib/_bootstrap_external.py`` (directory listings, ``EXTENSION_SUFFIXES``
first) and ``Lib/zipimport.py`` -- over the ``sys.path`` site has built so far.  Not
site.py's own code, hence a module of its own; :func:`zip_names` also serves
``sys.path[0]``'s main importer (path0.py).
"""

from __future__ import annotations

from .._memo import memoize
from ..disk.fs import FileSystem
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable


class _ImportFinder:
    """The import system's search over path entries, with one listing cache per run
    of site (a directory is listed once however often it is searched)."""

    def __init__(self, target: Interpreter, fs: FileSystem, sw: Behaviour) -> None:
        self.target = target
        self.fs = fs
        self.p = fs.path
        self.nt = fs.flavour == "nt"
        self.abi_thread = target.build.abi_thread if sw.abi_thread else ""
        self._listing: dict[str, _Listing | None] = {}
        #: importlib's source then bytecode suffixes (Windows also reads .pyw source)
        self.module_suffixes = (".py", ".pyw", ".pyc") if self.nt else _MODULE_SUFFIXES

    def import_error(self, dotted: str, dirs: list[str]) -> str | None:
        """The error ``import dotted`` raises for want of a module, or None when it would
        be found (or cannot be judged: a built-in or frozen top-level module).

        Only the import system's search is modelled: a regular package or module in the
        first path entry that has one, else a namespace package over every directory of
        that name; a submodule in its parent package's directories.  *dirs* are the
        path entries, absolute, in ``sys.path`` order.
        """
        parts = dotted.split(".")
        for i, part in enumerate(parts):
            name = ".".join(parts[: i + 1])
            kind, found = self._find_in(dirs, part)
            if kind is None:
                if i == 0 and part in _BUILTIN_OR_EXTENSION:
                    return None  # possibly built in or frozen: cannot be judged
                return f"ModuleNotFoundError: No module named {name!r}"
            if i + 1 < len(parts) and kind == "module":
                return (f"ModuleNotFoundError: No module named {'.'.join(parts[: i + 2])!r}; "
                        f"{name!r} is not a package")
            dirs = found
        return None

    def _find_in(self, dirs: list[str], part: str) -> tuple[str | None, list[str]]:
        """Search *dirs* for *part*: ("package"|"namespace", its dirs) or ("module", [])."""
        portions: list[str] = []
        p = self.p
        for d in dirs:
            listing = self._names_in(d)
            if listing is None or not listing.names:
                continue
            names = listing.names
            if part in names and self.fs.is_dir(p.join(d, part)):
                sub = p.join(d, part)
                sub_listing = self._names_in(sub)
                if sub_listing is not None and sub_listing.starting_with("__init__."):
                    return "package", [sub]
                portions.append(sub)
                continue
            if any(n.endswith((".py", ".pyc", ".so", ".pyd"))
                   for n in listing.starting_with(part + ".")):
                return "module", []
            if part in names and self.fs.is_file(d):
                return "module", []  # a zip archive's member directory, roughly
        if portions:
            return "namespace", portions
        return None, []

    def _names_in(self, path: str) -> _Listing | None:
        """The names the import system sees in path entry *path*: a directory's
        listing or a zip archive's top-level names (None: neither)."""
        if path in self._listing:
            return self._listing[path]
        listing = None
        kind = self.fs.kind(path)
        if kind == "dir":
            try:
                listing = _dir_listing(tuple(self.fs.list_dir(path)))
            except OSError:
                listing = None
        elif kind == "file":
            members = zip_names(self.fs, path)
            if members is not None:
                listing = _Listing(m.rstrip("/").split("/")[0] for m in members)
        self._listing[path] = listing
        return listing

    def find_module(self, path: str, module: str) -> str | None:
        """Where the path entry *path* would find top-level *module* (a regular module
        or package; namespace portions run no code and are not reported).

        As the import system's FileFinder: the directory's listing decides which names
        exist (a package directory is looked at only when its name is listed), then
        ``__init__`` of a package, then extension modules before source and bytecode.
        """
        fs = self.fs
        kind = fs.kind(path)
        if kind == "dir":
            listing = self._names_in(path)
            if listing is None:
                return None
            p = self.p
            if module in listing.names:
                pkg = p.join(path, module)
                if fs.is_dir(pkg):
                    for suffix in self.module_suffixes:
                        init = p.join(pkg, "__init__" + suffix)
                        if fs.is_file(init):
                            return str(init)
            candidates = listing.starting_with(module + ".")
            if not candidates:
                return None
            ranked = sorted((r, n) for n in candidates
                            if (r := self._extension_rank(n[len(module) + 1:])) is not None)
            for name in [n for _, n in ranked] + [module + s for s in self.module_suffixes]:
                if name in candidates and fs.is_file(p.join(path, name)):
                    return str(p.join(path, name))
            return None
        if kind == "file":
            members = zip_names(fs, path)
            if members is None:
                return None
            for inner in (f"{module}/__init__.pyc", f"{module}/__init__.py", f"{module}.pyc",
                          f"{module}.py"):
                if inner in members:
                    return f"{path}{fs.sep}{inner}"
        return None

    def _extension_rank(self, suffix: str) -> int | None:
        """Where ``name.SUFFIX`` comes in importlib's EXTENSION_SUFFIXES (None: not one).

        The tagged suffix of this version comes first (``cpython-312-x86_64-linux-gnu.so``,
        ``cpython-312d-darwin.so``, ``cp312-win_amd64.pyd``), then ``abi3.so`` (POSIX),
        then the bare ``so`` / ``pyd``; a tag of another version is never imported.
        """
        import re

        v = self.target.version
        if self.nt:
            if suffix == "pyd":
                return 2
            return 0 if re.fullmatch(rf"cp{v.major}{v.minor}[td]?(?:_d)?-[\w]+\.pyd", suffix) else None
        if suffix == "so":
            return 2
        if suffix == "abi3.so":
            return 1
        tag = rf"cpython-{v.major}{v.minor}{re.escape(self.abi_thread)}d?(?:-[\w.-]+)?\.so"
        return 0 if re.fullmatch(tag, suffix) else None


#: Modules that can be built into the interpreter or shipped as stdlib extension modules
#: (collected from the builtin_module_names and lib-dynload of CPython 3.8-3.15 builds,
#: Debian's included) and frozen ones: present even when no path entry holds them.
_BUILTIN_OR_EXTENSION_NAMES = """
_abc _ast _asyncio _bisect _blake2 _bz2 _codecs _codecs_cn _codecs_hk _codecs_iso2022
_codecs_jp _codecs_kr _codecs_tw _collections _contextvars _crypt _csv _ctypes _ctypes_test
_curses _curses_panel _datetime _dbm _decimal _elementtree _functools _gdbm _hashlib _heapq
_hmac _imp _interpchannels _interpqueues _interpreters _io _json _locale _lsprof _lzma _md5
_multibytecodec _multiprocessing _opcode _opcode_metadata _operator _peg_parser _pickle
_posixshmem _posixsubprocess _queue _random _remote_debugging _sha1 _sha2 _sha256 _sha3
_sha512 _signal _socket _sqlite3 _sre _ssl _stat _statistics _string _struct _suggestions
_symtable _sysconfig _testbuffer _testcapi _testclinic _testclinic_limited
_testexternalinspection _testimportmultiple _testinternalcapi _testlimitedcapi
_testmultiphase _testsinglephase _thread _tkinter _tokenize _tracemalloc _types _typing
_uuid _warnings _weakref _xxinterpchannels _xxsubinterpreters _xxtestfuzz _zoneinfo _zstd
array atexit audioop binascii builtins cmath errno faulthandler fcntl gc grp itertools
marshal math mmap nis ossaudiodev parser posix pwd pyexpat readline resource select spwd
sys syslog termios time unicodedata xxlimited xxlimited_35 xxlimited_3_13 xxsubtype zlib
_math_integer linecache __hello_alias__ __hello_only__ __phello_alias__
_collections_abc _frozen_importlib _frozen_importlib_external _sitebuiltins abc codecs
genericpath io ntpath os posixpath runpy site stat zipimport importlib __hello__ __phello__
"""
_BUILTIN_OR_EXTENSION = frozenset(_BUILTIN_OR_EXTENSION_NAMES.split())


_MODULE_SUFFIXES = (".py", ".pyc")


class _Listing:
    """The names in one path entry, with a fast search by prefix (directories such as
    the stdlib hold hundreds of names, searched several times per startup)."""

    __slots__ = ("joined", "names")

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)
        self.joined = "\n" + "\n".join(self.names) + "\n"

    def starting_with(self, prefix: str) -> list[str]:
        """The names that start with *prefix*."""
        joined = self.joined
        needle = "\n" + prefix
        out = []
        i = joined.find(needle)
        while i >= 0:
            end = joined.index("\n", i + 1)
            out.append(joined[i + 1:end])
            i = joined.find(needle, end)
        return out


@memoize(256)
def _dir_listing(names: tuple[str, ...]) -> _Listing:
    """One :class:`_Listing` per distinct directory content (the stdlib's is built once)."""
    return _Listing(names)


def zip_names(fs: FileSystem, path: str) -> set[str] | None:
    """The member names of zip archive *path* (as zipimport sees it), or None if it is
    not one."""
    try:
        data = fs.read_bytes(path)
    except OSError:
        return None
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
