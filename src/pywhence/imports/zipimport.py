"""Lib/zipimport.py: the zipimporter path hook, its search order and the specs it gives.

A ``sys.path`` entry that is a regular file (or a directory inside one, ``app.zip/lib``)
is searched by zipimporter, never by FileFinder.  For each name it tries, in this order,
``name/__init__.pyc``, ``name/__init__.py``, ``name.pyc``, ``name.py``; never an
extension module.  The spec comes from ``get_filename()``, which compiles the source or
checks the bytecode on the way: a ``.pyc`` with another version's magic number, or older
than its ``.py`` beside it in the archive, is skipped for the next file in the order.
A directory entry of the archive without ``__init__`` is a namespace portion; from 3.14
the archive's implied directories count too (gh-59110).

The archive's central directory is read here, through the filesystem view (not with
:mod:`zipfile`, which is slow to import and knows nothing of the target's flavour).
"""

from __future__ import annotations

import struct

from .._record import record
from ._bootstrap_external import file_spec
from ._path import path_join, path_split
from .result import Candidate, Kind, Spec
from .state import ImportSystem, Search

__all__ = ["TocEntry", "ZipImporter", "make_zipimporter", "read_directory", "zip_directory"]

LOADER = "zipimporter"

_END = b"PK\x05\x06"
_END64 = b"PK\x06\x06"
_MAX_COMMENT = (1 << 16) - 1


@record
class TocEntry:
    """One member of an archive, as ``_read_directory`` records it."""

    path: str  # archive path joined with the member name (the spec's origin)
    compress: int
    data_size: int
    file_size: int
    file_offset: int
    time: int
    date: int


class ZipError(Exception):
    """``ZipImportError``: the file is not an archive zipimport can read."""


def read_directory(data: bytes, archive: str, nt: bool, *, zip64: bool,
                   implicit_dirs: bool) -> dict[str, TocEntry | None]:
    """``_read_directory(archive)``: member name (with the target's separator) -> entry;
    a directory is a name ending in the separator (None for an implied one)."""
    size = len(data)
    window_start = max(size - (_MAX_COMMENT + 22 + 56 + 20), 0)
    window = data[window_start:]
    pos = window.rfind(_END)
    pos64 = window.rfind(_END64) if zip64 else -1
    if pos64 >= 0 and pos64 + 56 + 20 == pos:
        buf = window[pos64:pos64 + 56]
        header = window_start + pos64
        cd_size, cd_pos = struct.unpack_from("<QQ", buf, 40)
        count_expected = struct.unpack_from("<Q", buf, 24)[0]
    elif pos >= 0:
        buf = window[pos:pos + 22]
        if len(buf) != 22:
            raise ZipError(f"corrupt Zip file: {archive!r}")
        header = window_start + pos
        count_expected = struct.unpack_from("<H", buf, 8)[0]
        cd_size, cd_pos = struct.unpack_from("<II", buf, 12)
    else:
        raise ZipError(f"not a Zip file: {archive!r}")
    if header < cd_size or header < cd_pos:
        raise ZipError(f"bad central directory: {archive!r}")
    header -= cd_size
    arc_offset = header - cd_pos
    if arc_offset < 0:
        raise ZipError(f"bad central directory size or offset: {archive!r}")
    sep = "\\" if nt else "/"
    files: dict[str, TocEntry | None] = {}
    at = header
    count = 0
    while True:
        head = data[at:at + 46]
        if head[:4] != b"PK\x01\x02":
            if count != count_expected:
                raise ZipError(f"mismatched num_entries in {archive!r}")
            break
        if len(head) != 46:
            raise ZipError(f"EOF read where not expected in {archive!r}")
        (flags, compress, time, date, _crc, data_size, file_size, name_size, extra_size,
         comment_size) = struct.unpack_from("<HHHHIIIHHH", head, 8)
        file_offset = struct.unpack_from("<I", head, 42)[0]
        raw = data[at + 46:at + 46 + name_size]
        extra = data[at + 46 + name_size:at + 46 + name_size + extra_size]
        at += 46 + name_size + extra_size + comment_size
        if flags & 0x800:
            try:
                name = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ZipError(f"can't decode file name in Zip file: {archive!r}") from None
        else:
            try:
                name = raw.decode("ascii")
            except UnicodeDecodeError:
                name = raw.decode("cp437")
        name = name.replace("/", sep)
        if zip64 and 0xFFFFFFFF in (file_size, data_size, file_offset):
            file_size, data_size, file_offset = _zip64_extra(extra, file_size, data_size,
                                                             file_offset)
        if file_offset > cd_pos:
            raise ZipError(f"bad local header offset: {archive!r}")
        files[name] = TocEntry(path_join(nt, archive, name), compress, data_size, file_size,
                               file_offset + arc_offset, time, date)
        count += 1
    if implicit_dirs:
        for name in list(files):
            while True:
                i = name.rstrip(sep).rfind(sep)
                if i < 0:
                    break
                name = name[:i + 1]
                if name in files:
                    break
                files[name] = None
    return files


def _zip64_extra(extra: bytes, file_size: int, data_size: int, offset: int) -> tuple[int, int, int]:
    while len(extra) >= 4:
        tag, size = struct.unpack_from("<HH", extra)
        if tag == 1:
            values = list(struct.unpack_from(f"<{min((len(extra) - 4) // 8, 3)}Q", extra, 4))
            if file_size == 0xFFFFFFFF and values:
                file_size = values.pop(0)
            if data_size == 0xFFFFFFFF and values:
                data_size = values.pop(0)
            if offset == 0xFFFFFFFF and values:
                offset = values.pop(0)
            break
        extra = extra[4 + size:]
    return file_size, data_size, offset


def member_data(data: bytes, entry: TocEntry) -> bytes | None:
    """``_get_data``: the member's bytes, inflated; None if they cannot be had."""
    local = data[entry.file_offset:entry.file_offset + 30]
    if local[:4] != b"PK\x03\x04" or len(local) < 30:
        return None
    name_size, extra_size = struct.unpack_from("<HH", local, 26)
    start = entry.file_offset + 30 + name_size + extra_size
    raw = data[start:start + entry.data_size]
    if entry.compress == 0:
        return raw
    import zlib

    try:
        return zlib.decompress(raw, -15)
    except zlib.error:
        return None


class ZipImporter:
    """``zipimporter(path)``: an archive and the directory inside it (``prefix``)."""

    finder_name = "zipimporter"

    def __init__(self, system: ImportSystem, archive: str, prefix: str,
                 files: dict[str, TocEntry | None], data: bytes) -> None:
        self.system = system
        self.archive = archive
        self.prefix = prefix
        self.files = files
        self.data = data

    def _gone(self, member: str) -> bool:
        system = self.system
        return bool(system.hidden) and system.is_hidden(
            system.absolute(path_join(system.nt, self.archive, member.rstrip("\\/"))))

    def _module_path(self, fullname: str) -> str:
        return self.prefix + fullname.rpartition(".")[2]

    def find_spec(self, fullname: str, search: Search, index: int | None) -> Spec | None:
        """``zipimporter.find_spec`` (3.10+), or ``find_loader`` through PathFinder's
        legacy path (3.8-3.9): the same answers."""
        system = self.system
        nt = system.nt
        sep = "\\" if nt else "/"
        path = self._module_path(fullname)
        order = ((sep + "__init__.pyc", True, True), (sep + "__init__.py", False, True),
                 (".pyc", True, False), (".py", False, False))
        present = [(path + suffix, byte, pkg) for suffix, byte, pkg in order
                   if path + suffix in self.files and not self._gone(path + suffix)]
        if not present:
            if path + sep in self.files and not self._gone(path + sep):
                portion = f"{self.archive}{sep}{path}"
                search.add(Candidate(LOADER, portion, Kind.NAMESPACE, index, "portion",
                                     "a directory in the archive without __init__: a "
                                     "namespace portion"))
                return Spec(name=fullname, origin=None, loader=None,
                            submodule_search_locations=(portion,), cached=None,
                            parent=fullname, has_location=False)
            return None
        is_package = present[0][2]
        # get_filename(): the first member that compiles or whose bytecode is valid
        location = "<unknown>"
        for member, byte, pkg in present:
            entry = self.files[member]
            assert entry is not None
            verdict = self._usable(member, entry, byte, search)
            shown = entry.path
            if verdict is None:
                location = shown
                kind = Kind.PACKAGE if pkg else (Kind.BYTECODE if byte else Kind.SOURCE)
                search.add(Candidate(LOADER, shown, kind, index, "found",
                                     f"{'package' if pkg else 'module'} in {self.archive} "
                                     "(zipimport's order: __init__.pyc, __init__.py, .pyc, .py)"))
                break
            search.add(Candidate(LOADER, shown, Kind.BYTECODE if byte else Kind.SOURCE, index,
                                 "lost", verdict))
        if location == "<unknown>":
            search.note("zipimport found no usable file for "
                        f"{fullname!r} in {self.archive}: get_filename() raises, the spec's "
                        "origin is '<unknown>'")
        smsl: tuple[str, ...] | None = None
        if is_package:
            smsl = (path_split(nt, location)[0] if location else "",)
        spec = file_spec(system, fullname, location, LOADER, smsl)
        if location == "<unknown>":
            return Spec(name=spec.name, origin=location, loader=LOADER,
                        submodule_search_locations=smsl, cached=None, parent=spec.parent,
                        has_location=True)
        return spec

    def _usable(self, member: str, entry: TocEntry, bytecode: bool, search: Search) -> str | None:
        """None when ``_get_module_code`` would accept the member, else why not."""
        data = member_data(self.data, entry)
        if data is None:
            search.uncertain(f"{entry.path}: the member cannot be read or inflated")
            return "cannot be read"
        if not bytecode:
            return self._compiles(entry, data, search)
        system = self.system
        if not system.magic:
            search.uncertain(f"{entry.path}: this version's bytecode magic number is not "
                             "known, so whether zipimport accepts the .pyc is not either")
            return None
        if data[:4] != system.magic:
            return "bytecode of another Python version (magic number): skipped"
        if len(data) < 16:
            search.uncertain(f"{entry.path}: a truncated .pyc (find_spec raises EOFError)")
            return "truncated"
        flags = struct.unpack_from("<I", data, 4)[0]
        if flags & ~0b11:
            return "invalid .pyc flags: skipped"
        source = self.files.get(member[:-1])
        if flags & 0b1:
            if source is not None and (flags & 0b10 or system.check_hash_based_pycs == "always") \
                    and system.check_hash_based_pycs != "never":
                search.uncertain(f"{entry.path}: a hash-based .pyc checked against its "
                                 "source (the hash is not computed)")
            return None
        if source is None:
            return None
        if struct.unpack_from("<I", data, 12)[0] != source.file_size & 0xFFFFFFFF:
            return "stale: its source beside it in the archive has another size"
        pyc_mtime = struct.unpack_from("<I", data, 8)[0]
        stamp = _dos_time_utc(source.date, source.time)
        # zipimport compares with time.mktime(), local time: any timezone is within a day
        if abs(pyc_mtime - stamp) > 26 * 3600 + 1:
            return "stale: older than its source beside it in the archive"
        if abs(pyc_mtime - stamp) > 1:
            search.uncertain(f"{entry.path}: its timestamp against the source's depends on "
                             "the local timezone (zipimport uses time.mktime)")
        return None

    def _compiles(self, entry: TocEntry, data: bytes, search: Search) -> str | None:
        source = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        try:
            compile(source, entry.path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            search.uncertain(f"{entry.path} does not compile here ({type(exc).__name__}): "
                             "find_spec may raise it")
        return None

    def portions_for(self, name: str) -> tuple[str, ...]:
        """What ``pkgutil.extend_path`` takes from this importer: ``find_spec``'s
        locations (3.10+), or ``find_loader``'s namespace portions only (3.8-3.9)."""
        spec = self.find_spec(name, Search(self.system, explain=False), None)
        if spec is None:
            return ()
        if spec.loader is not None and not self.system.sw.zipimporter_find_spec:
            return ()
        return spec.submodule_search_locations or ()

    def has_loader_for(self, name: str) -> bool:
        spec = self.find_spec(name, Search(self.system, explain=False), None)
        return spec is not None and spec.loader is not None

    def member_source(self, origin: str) -> bytes | None:
        """The bytes of the member whose path is *origin*."""
        for entry in self.files.values():
            if entry is not None and entry.path == origin:
                return member_data(self.data, entry)
        return None

    def names(self) -> list[tuple[str, str]]:
        """Top-level modules of this importer: (name, kind) in archive order."""
        sep = "\\" if self.system.nt else "/"
        out: dict[str, str] = {}
        for member in self.files:
            if not member.startswith(self.prefix):
                continue
            rest = member[len(self.prefix):]
            head, s, tail = rest.partition(sep)
            if s:
                if head.isidentifier() and tail in ("__init__.py", "__init__.pyc"):
                    out[head] = Kind.PACKAGE
                elif head.isidentifier() and head not in out:
                    out.setdefault(head, Kind.NAMESPACE)
            elif rest.endswith((".py", ".pyc")):
                stem = rest.rpartition(".")[0]
                if stem.isidentifier() and out.get(stem) in (None, Kind.NAMESPACE):
                    out[stem] = Kind.SOURCE if rest.endswith(".py") else Kind.BYTECODE
        return list(out.items())


def _dos_time_utc(date: int, time: int) -> int:
    """A DOS date and time read as UTC, in seconds since the epoch (what
    ``calendar.timegm`` gives; computed here without importing calendar)."""
    year, month, day = (date >> 9) + 1980, (date >> 5) & 0xF, date & 0x1F
    # days from 1970-01-01 (H. Hinnant's days_from_civil)
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468
    return days * 86400 + (time >> 11) * 3600 + ((time >> 5) & 0x3F) * 60 + (time & 0x1F) * 2


def make_zipimporter(system: ImportSystem, entry: str) -> ZipImporter | None:
    """``zipimporter(entry)``, or None where it raises ZipImportError: the longest
    existing prefix of *entry* must be a regular file holding an archive; the rest of
    the path is the directory inside it."""
    nt = system.nt
    path = entry.replace("/", "\\") if nt else entry
    prefix: list[str] = []
    while True:
        kind = system.kind(path)
        if kind is None:
            dirname, basename = path_split(nt, path)
            if dirname == path or not dirname and not basename:
                return None
            if dirname == "":
                return None
            path = dirname
            prefix.append(basename)
            continue
        if kind != "file":
            return None
        break
    toc = zip_directory(system, path)
    if toc is None:
        return None
    files, data = toc
    inner = path_join(nt, *prefix[::-1]) if prefix else ""
    if inner:
        inner += "\\" if nt else "/"
    return ZipImporter(system, path, inner, files, data)


def zip_directory(system: ImportSystem, archive: str) -> tuple[dict[str, TocEntry | None], bytes] | None:
    """``_zip_directory_cache[archive]``: the archive's members, read once per system;
    None when it is not an archive zipimport reads.  The key is the archive as the entry
    spells it, as CPython's is: a relative entry that site made absolute (3.8-3.10) is
    read again, and its members' paths are absolute then."""
    key = archive
    if key in system.zip_cache:
        found: tuple[dict[str, TocEntry | None], bytes] | None = system.zip_cache[key]
        return found
    try:
        data = system.fs.read_bytes(system.absolute(archive))
        files = read_directory(data, archive, system.nt, zip64=system.sw.zipimport_zip64,
                               implicit_dirs=system.sw.zipimport_implicit_dirs)
        found = (files, data)
    except (OSError, ZipError, ValueError, IndexError, struct.error):
        found = None
    system.zip_cache[key] = found
    return found
