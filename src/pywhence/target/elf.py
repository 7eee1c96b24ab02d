"""The fields CPython's build leaves in its ELF binary, read from the bytes alone.

What discovery needs from the program and the libpython it loads: the dynamic section
(``DT_NEEDED``, ``DT_RPATH``, ``DT_RUNPATH``), the exported ``Py_Version`` constant
(``PY_VERSION_HEX``, exported since 3.11: bpo-43931), the ``PY_VERSION`` literal the
compiler places beside ``Py_GetVersion``'s ``"%.80s (%.80s) %.80s"`` format in
``.rodata``, and whether a Python runtime is in the file at all (``Py_BytesMain`` /
``Py_Main`` exported).  Also the magic numbers that tell an ELF, a Mach-O and a PE file
apart (the target's platform).

Pure functions over bytes (or a memory map): no file is opened here; the cached reads
of a file are :mod:`.filecache`'s.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

import mmap
import struct

from .._record import record
from .interpreter import Platform

__all__ = ["ElfFacts", "binary_damage", "hex_to_version", "platform_of", "read_elf"]


@record
class ElfFacts:
    """What one ELF file says about CPython, read from its headers and .rodata."""

    needed: tuple[str, ...] = ()
    rpath: tuple[str, ...] = ()
    runpath: tuple[str, ...] = ()
    #: ``Py_Version`` (PY_VERSION_HEX), exported from 3.11 on.
    hexversion: int | None = None
    #: The ``PY_VERSION`` literal next to Py_GetVersion's format, when not tail-merged.
    version_literal: str | None = None
    #: Whether the file holds a Python runtime (exports ``Py_BytesMain``/``Py_Main`` or
    #: has Py_GetVersion's format string); None when it cannot tell (no sections).
    has_runtime: bool | None = None
    #: ``(offset, size)`` of .rodata in the file.
    rodata: tuple[int, int] | None = None
    #: Why the file is no whole ELF program (:func:`binary_damage`); then nothing else
    #: was read from it.
    damaged: str | None = None


_SHT_DYNAMIC = 6
_SHT_DYNSYM = 11
_DT_NEEDED, _DT_RPATH, _DT_RUNPATH = 1, 15, 29
_VERSION_FMT = b"%.80s (%.80s) %.80s\x00"


def _version_before_fmt() -> re.Pattern[bytes]:
    """The ``PY_VERSION`` literal the linker left just before ``Py_GetVersion``'s format
    (3.8-3.10 have no ``Py_Version`` symbol); compiled only for such a binary."""
    import re

    return re.compile(
        rb"\x00(\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?\+?)\x00(?:[^\x00]{0,200}\x00){0,2}"
        + re.escape(_VERSION_FMT)
    )


def _cstr(buf: bytes | mmap.mmap, start: int, end: int) -> str:
    stop = buf.find(b"\x00", start, end)
    return bytes(buf[start : stop if stop >= 0 else end]).decode("utf-8", "surrogateescape")


def read_elf(buf: bytes | mmap.mmap) -> ElfFacts | None:
    """Parse the few ELF structures discovery needs; None if *buf* is not ELF.

    Uses section headers (present in every distributed CPython, stripped or not); a
    binary without them yields empty facts rather than an error.  A truncated or
    corrupt file (:func:`binary_damage`) yields only ``damaged``.
    """
    if buf[:4] != b"\x7fELF":
        return None
    damage = binary_damage(buf)
    if damage is not None:
        return ElfFacts(damaged=damage)
    try:
        return _read_elf(buf)
    except (struct.error, ValueError, IndexError, OverflowError):
        return ElfFacts(damaged="its dynamic section or symbols do not parse")


def _read_elf(buf: bytes | mmap.mmap) -> ElfFacts:
    is64 = buf[4] == 2
    end = "<" if buf[5] == 1 else ">"
    try:
        if is64:
            shoff, = struct.unpack_from(end + "Q", buf, 0x28)
            shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", buf, 0x3A)
            sh_fmt = end + "IIQQQQIIQQ"
        else:
            shoff, = struct.unpack_from(end + "I", buf, 0x20)
            shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", buf, 0x2E)
            sh_fmt = end + "IIIIIIIIII"
        sections = []
        for i in range(shnum):
            name, typ, _fl, addr, off, size, link, _inf, _al, entsize = struct.unpack_from(
                sh_fmt, buf, shoff + i * shentsize
            )
            sections.append((name, typ, addr, off, size, link, entsize))
    except struct.error:
        return ElfFacts()
    if not sections:
        return ElfFacts()
    has_runtime = False

    def name_of(sec: tuple[int, ...]) -> str:
        if shstrndx >= len(sections):
            return ""
        base = sections[shstrndx][3]
        return _cstr(buf, base + sec[0], base + sections[shstrndx][4])

    needed: list[str] = []
    rpath: list[str] = []
    runpath: list[str] = []
    hexversion: int | None = None
    literal: str | None = None
    rodata: tuple[int, int] | None = None
    for sec in sections:
        _n, typ, addr, off, size, link, entsize = sec
        if typ == _SHT_DYNAMIC and link < len(sections):
            str_off, str_size = sections[link][3], sections[link][4]
            fmt = end + ("qQ" if is64 else "iI")
            step = struct.calcsize(fmt)
            # a real dynamic section has a few dozen entries; a hostile one is cut short
            for pos in range(off, min(off + size - step + 1, off + step * 65536), step):
                tag, val = struct.unpack_from(fmt, buf, pos)
                if tag == 0:
                    break
                if tag in (_DT_NEEDED, _DT_RPATH, _DT_RUNPATH):
                    text = _cstr(buf, str_off + val, str_off + str_size)
                    if tag == _DT_NEEDED:
                        needed.append(text)
                    else:
                        (rpath if tag == _DT_RPATH else runpath).extend(text.split(":"))
        elif typ == _SHT_DYNSYM and link < len(sections) and entsize:
            hexversion = _py_version_symbol(buf, sections, sec, end, is64)
            s_off, s_size = sections[link][3], sections[link][4]
            has_runtime = has_runtime or any(
                buf.find(sym, s_off, s_off + s_size) >= 0
                for sym in (b"\x00Py_BytesMain\x00", b"\x00Py_Main\x00")
            )
    for sec in sections:
        if name_of(sec) == ".rodata":
            _n, _t, _a, off, size, _l, _e = sec
            rodata = (off, size)
            # with Py_Version known (3.11+), the literal adds nothing: skip the scan
            at = -1 if hexversion is not None else buf.find(_VERSION_FMT, off, off + size)
            if at >= 0:
                has_runtime = True
                m = _version_before_fmt().search(buf, max(off, at - 512), at + len(_VERSION_FMT))
                if m:
                    literal = m.group(1).decode("ascii")
            break
    return ElfFacts(tuple(needed), tuple(rpath), tuple(runpath), hexversion, literal,
                    has_runtime or hexversion is not None, rodata)


def _py_version_symbol(
    buf: bytes | mmap.mmap,
    sections: list[tuple[int, int, int, int, int, int, int]],
    dynsym: tuple[int, int, int, int, int, int, int],
    end: str,
    is64: bool,
) -> int | None:
    """The value of the exported ``Py_Version`` constant (bpo-43931, 3.11+)."""
    _n, _t, _a, sym_off, sym_size, link, entsize = dynsym
    str_off, str_size = sections[link][3], sections[link][4]
    at = buf.find(b"\x00Py_Version\x00", str_off, str_off + str_size)
    if at < 0:
        return None
    name_index = struct.pack(end + "I", at + 1 - str_off)
    pos = sym_off
    while True:
        pos = buf.find(name_index, pos, sym_off + sym_size)
        if pos < 0:
            return None
        if (pos - sym_off) % entsize == 0:
            break
        pos += 1
    if is64:
        _name, _info, _other, shndx, value, _size = struct.unpack_from(end + "IBBHQQ", buf, pos)
    else:
        _name, value, _size, _info, _other, shndx = struct.unpack_from(end + "IIIBBH", buf, pos)
    if not 0 < shndx < len(sections):
        return None
    _sn, _st, s_addr, s_off, s_size, _sl, _se = sections[shndx]
    where = s_off + value - s_addr
    width = 8 if is64 else 4
    if not s_off <= where <= s_off + s_size - width:
        return None
    number: int = struct.unpack_from(end + ("Q" if is64 else "I"), buf, where)[0]
    return number


def hex_to_version(number: int) -> tuple[int, int, int]:
    """``PY_VERSION_HEX`` (``0xXXYYZZLS``, Include/patchlevel.h) as (major, minor, micro)."""
    return (number >> 24) & 0xFF, (number >> 16) & 0xFF, (number >> 8) & 0xFF


def platform_of(head: bytes) -> Platform | None:
    """The platform whose executable format starts with *head*: ELF, Mach-O (thin or
    universal) or PE; None for anything else."""
    if head[:4] == b"\x7fELF":
        return "linux"
    if head[:4] in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe",
                    b"\xfe\xed\xfa\xcf", b"\xfe\xed\xfa\xce"):
        return "darwin"
    if head[:2] == b"MZ":
        return "win32"
    return None


# ---------------------------------------------------------------------------------------
# Is the file a whole program?  (ELF, Mach-O, PE: the tables the loader needs fit in it)
# ---------------------------------------------------------------------------------------

_PT_LOAD = 1
_SHT_NOBITS = 8


def binary_damage(buf: bytes | mmap.mmap) -> str | None:
    """Why *buf* is no whole executable of its format (ELF, Mach-O, PE), or None.

    A program the kernel can load has its header, its program headers (load commands,
    section table) and the segments they map inside the file: the first 64 bytes or
    4 KiB of a real binary, an ELF whose table offsets point past its end, a 64-byte
    Mach-O or ``MZ`` stub fail this, and are no CPython, whatever lies around them.
    A format this module does not know is None (the caller refuses it otherwise).
    """
    size = len(buf)
    try:
        if buf[:4] == b"\x7fELF":
            return _elf_damage(buf, size)
        if buf[:4] in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xcf",
                       b"\xfe\xed\xfa\xce"):
            return _macho_damage(buf, 0, size)
        if buf[:4] == b"\xca\xfe\xba\xbe":
            return _fat_damage(buf, size)
        if buf[:2] == b"MZ":
            return _pe_damage(buf, size)
    except struct.error:
        return f"its headers run past the end of the file ({size} bytes)"
    return None


def _past(what: str, start: int, length: int, size: int) -> str | None:
    if start < 0 or length < 0 or start + length > size:
        return f"{what} (offset {start}, {length} bytes) end past the file's {size} bytes"
    return None


def _elf_damage(buf: bytes | mmap.mmap, size: int) -> str | None:
    if size < 52 or buf[4] not in (1, 2) or buf[5] not in (1, 2):
        return f"{size} bytes, no whole ELF header"
    is64 = buf[4] == 2
    end = "<" if buf[5] == 1 else ">"
    if is64:
        if size < 64:
            return f"{size} bytes, no whole ELF header"
        phoff, shoff = struct.unpack_from(end + "QQ", buf, 0x20)
        phentsize, phnum, shentsize, shnum = struct.unpack_from(end + "HHHH", buf, 0x36)
        ph_fmt, ph_min, sh_min = end + "IIQQQQ", 56, 64
    else:
        phoff, shoff = struct.unpack_from(end + "II", buf, 0x1C)
        phentsize, phnum, shentsize, shnum = struct.unpack_from(end + "HHHH", buf, 0x2A)
        ph_fmt, ph_min, sh_min = end + "IIIII", 32, 40
    if phnum == 0:
        return "no program headers (nothing the kernel could load)"
    if phentsize < ph_min:
        return f"program header entries of {phentsize} bytes (at least {ph_min})"
    why = _past("its program headers", phoff, phnum * phentsize, size)
    if why:
        return why
    for i in range(phnum):
        pos = phoff + i * phentsize
        if is64:
            ptype, _flags, p_off, _va, _pa, p_filesz = struct.unpack_from(ph_fmt, buf, pos)
        else:
            ptype, p_off, _va, _pa, p_filesz = struct.unpack_from(ph_fmt, buf, pos)
        if ptype == _PT_LOAD:
            why = _past(f"its loadable segment {i}", p_off, p_filesz, size)
            if why:
                return why
    if shnum == 0:
        return None  # no section headers at all (sstrip): nothing more to check
    if shentsize < sh_min:
        return f"section header entries of {shentsize} bytes (at least {sh_min})"
    why = _past("its section headers", shoff, shnum * shentsize, size)
    if why:
        return why
    sh_fmt = end + ("IIQQQQ" if is64 else "IIIIII")
    for i in range(shnum):
        _n, typ, _fl, _addr, off, length = struct.unpack_from(sh_fmt, buf, shoff + i * shentsize)
        if typ != _SHT_NOBITS and typ != 0:
            why = _past(f"its section {i}", off, length, size)
            if why:
                return why
    return None


def _macho_damage(buf: bytes | mmap.mmap, base: int, size: int) -> str | None:
    magic = bytes(buf[base:base + 4])
    is64 = magic in (b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf")
    end = "<" if magic[:1] in (b"\xcf", b"\xce") else ">"
    header = 32 if is64 else 28
    if base + header > size:
        return f"{size - base} bytes, no whole Mach-O header"
    ncmds, sizeofcmds = struct.unpack_from(end + "II", buf, base + 16)
    if ncmds == 0:
        return "no load commands (nothing the kernel could load)"
    why = _past("its load commands", base + header, sizeofcmds, size)
    if why:
        return why
    pos, stop = base + header, base + header + sizeofcmds
    for i in range(ncmds):
        if pos + 8 > stop:
            return f"load command {i} runs past the {sizeofcmds} bytes of commands"
        cmd, cmdsize = struct.unpack_from(end + "II", buf, pos)
        if cmdsize < 8 or pos + cmdsize > stop:
            return f"load command {i} has a size of {cmdsize} bytes"
        if cmd in (0x1, 0x19):  # LC_SEGMENT, LC_SEGMENT_64: fileoff, filesize
            fmt, at = (end + "QQ", 40) if cmd == 0x19 else (end + "II", 32)
            if cmdsize < at + struct.calcsize(fmt):
                return f"load command {i} has a size of {cmdsize} bytes"
            fileoff, filesize = struct.unpack_from(fmt, buf, pos + at)
            why = _past(f"its segment {i}", base + fileoff, filesize, size)
            if why:
                return why
        pos += cmdsize
    return None


def _fat_damage(buf: bytes | mmap.mmap, size: int) -> str | None:
    nfat, = struct.unpack_from(">I", buf, 4)
    if nfat == 0 or nfat > 64:
        return f"a universal binary header naming {nfat} architectures"
    why = _past("its architecture table", 8, nfat * 20, size)
    if why:
        return why
    for i in range(nfat):
        _cpu, _sub, offset, length, _align = struct.unpack_from(">IIIII", buf, 8 + i * 20)
        why = _past(f"its architecture {i}", offset, length, size)
        if why:
            return why
        if bytes(buf[offset:offset + 4]) not in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe",
                                                 b"\xfe\xed\xfa\xcf", b"\xfe\xed\xfa\xce"):
            return f"its architecture {i} is no Mach-O file"
        why = _macho_damage(buf, offset, offset + length)
        if why:
            return why
    return None


def _pe_damage(buf: bytes | mmap.mmap, size: int) -> str | None:
    if size < 64:
        return f"{size} bytes, no whole MZ header"
    lfanew, = struct.unpack_from("<I", buf, 0x3C)
    why = _past("its PE header", lfanew, 24, size)
    if why:
        return why
    if bytes(buf[lfanew:lfanew + 4]) != b"PE\x00\x00":
        return "no PE header after its MZ stub (a DOS program, or a fragment)"
    nsections, = struct.unpack_from("<H", buf, lfanew + 6)
    optsize, = struct.unpack_from("<H", buf, lfanew + 20)
    table = lfanew + 24 + optsize
    why = _past("its optional header and section table", lfanew + 24, optsize + nsections * 40, size)
    if why:
        return why
    for i in range(nsections):
        raw_size, raw_ptr = struct.unpack_from("<II", buf, table + i * 40 + 16)
        if raw_size:
            why = _past(f"its section {i}", raw_ptr, raw_size, size)
            if why:
                return why
    return None
