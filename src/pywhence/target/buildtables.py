"""The import tables a build compiles in, read from its binary in one pass and remembered:
``sys.builtin_module_names`` (:mod:`.inittab`), the extension suffixes (:mod:`.dynload`)
and the frozen modules (:mod:`.frozentab`).

Reading them means scanning a binary of tens of megabytes; the answer depends only on
that file, so it is remembered in the process and, for a file on this host, in
pywhence's own cache directory (the one the probe uses, ``$XDG_CACHE_HOME/pywhence``),
keyed by the file's realpath, inode, size and modification time and by the reader's
format number (in the file's name; the contents are :mod:`marshal` data, cheap to load).
A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import os

from .._diskcache import cache_dir, checksum
from .._record import record
from ..disk.fs import FileSystem, LocalFS
from .elfdata import open_image
from .filecache import memo, open_blob
from .interpreter import Interpreter

__all__ = ["BuildTables", "build_tables", "extension_suffixes"]

#: Bumped whenever a reader changes what it returns: old cache files are ignored.
_FORMAT = 1


@record
class BuildTables:
    """What one binary says about imports (None: not found in it)."""

    builtins: tuple[str, ...] | None
    suffixes: tuple[str, ...] | None
    #: ``(name, is_package, origname, bootstrap)`` per frozen module (3.11+).
    frozen: tuple[tuple[str, bool, str | None, bool], ...] | None
    source: str


def _read(fs: FileSystem, real: str) -> BuildTables | None:
    from .dynload import _read_filetab
    from .frozentab import read_frozen
    from .inittab import read_inittab

    try:
        with open_blob(fs, real) as buf:
            image = open_image(buf)
            if image is None:
                return None
            names = read_inittab(image)
            suffixes = _read_filetab(image)
            frozen = read_frozen(image)
    except (OSError, ValueError):
        return None
    return BuildTables(None if names is None else tuple(sorted(set(names))), suffixes, frozen,
                       real)


def _cache_file(real: str) -> str | None:
    """pywhence's cache file for the binary *real*: its identity is in the name (no
    hashing module is imported for it)."""
    import marshal

    try:
        st = os.stat(real)
    except OSError:
        return None
    tag = checksum(real.encode("utf-8", "surrogateescape"))
    name = (f"tables{_FORMAT}-m{marshal.version}-{tag}-{st.st_ino}-{st.st_size}-"
            f"{st.st_mtime_ns}")
    return os.path.join(cache_dir(), name)


def _from_cache(path: str, real: str) -> BuildTables | None:
    import marshal

    try:
        with open(path, "rb") as f:
            data = marshal.loads(f.read())
        file, builtins, suffixes, frozen = data
        if file != real:
            return None
        return BuildTables(builtins, suffixes, frozen, real)
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _to_cache(path: str, tables: BuildTables) -> None:
    import marshal

    data = (tables.source, tables.builtins, tables.suffixes, tables.frozen)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(marshal.dumps(data))
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass


def build_tables(target: Interpreter, fs: FileSystem) -> BuildTables | None:
    """The import tables of *target*: read from the libpython it loads, else from the
    executable (the first of them that has an inittab); None without a readable ELF."""
    if target.platform != "linux":
        return None
    for path in (target.library, target.executable):
        if not path:
            continue
        try:
            real = fs.resolve(path)
        except OSError:
            continue

        def compute(real: str = real) -> BuildTables | None:
            cache = _cache_file(real) if isinstance(fs, LocalFS) or (
                getattr(fs, "inner", None).__class__ is LocalFS) else None
            if cache is not None:
                hit = _from_cache(cache, real)
                if hit is not None:
                    return hit
            found = _read(fs, real)
            if found is not None and cache is not None:
                _to_cache(cache, found)
            return found

        tables = memo("build tables", fs, real, compute)
        if tables is not None and tables.builtins is not None:
            return tables
    return None


def extension_suffixes(target: Interpreter, fs: FileSystem) -> tuple[tuple[str, ...], str]:
    """``_imp.extension_suffixes()`` of *target* and where it was learned."""
    from .dynload import default_extension_suffixes, is_debug_build

    tables = build_tables(target, fs)  # one pass over the binary for every import table
    if tables is not None and tables.suffixes:
        return tables.suffixes, f"_PyImport_DynLoadFiletab in {tables.source}"
    if target.build.extension_suffixes:
        return target.build.extension_suffixes, "the build's description (PEP 739 build-details.json)"
    debug = is_debug_build(target)
    return default_extension_suffixes(target, debug=debug), "configure's defaults for this build"
