"""Data tables the linker left in a CPython ELF binary, read without loading it.

CPython compiles some of its import facts into the binary as arrays of pointers:
``_PyImport_Inittab`` (Modules/config.c: the built-in modules) and
``_PyImport_DynLoadFiletab`` (Python/dynload_shlib.c: the extension suffixes).  Reading
one means doing a little of what ld.so does: find the array (a symbol, or a pointer
symbol that points at it), map virtual addresses to file offsets through the ``PT_LOAD``
segments, and take each pointer's value from its dynamic relocation when it has one
(``R_*_RELATIVE`` in ``.rela.dyn``/``.rel.dyn``, or a ``DT_RELR`` bitmap): GNU ld also
writes the value in place, lld does not.  A slot with no relocation and zero bytes is a
NULL pointer.

Pure functions over bytes (or a memory map); the cached reads of a file are
:mod:`.filecache`'s.  Findings and test binaries: the import research of issue 9
(pie/RELA, pie/RELR, stripped, non-PIE static Debian builds).
"""

from __future__ import annotations

import mmap
import struct

__all__ = ["ElfImage", "open_image"]

_PT_LOAD, _PT_DYNAMIC = 1, 2
_SHT_SYMTAB, _SHT_NOBITS, _SHT_DYNSYM = 2, 8, 11
_DT_RELA, _DT_RELASZ, _DT_RELAENT = 7, 8, 9

#: e_machine -> the RELATIVE relocation type.
_RELATIVE = {62: 8, 3: 8, 183: 1027, 40: 23, 21: 22, 20: 22, 22: 12, 243: 3, 258: 3}


class ElfImage:
    """One ELF file's segments, symbols and relocated pointer slots (lazily parsed)."""

    __slots__ = (
        "_dyn",
        "_ptr_fmt",
        "_rela",
        "buf",
        "end",
        "exec_ranges",
        "is64",
        "loads",
        "machine",
        "ptr_size",
        "sections",
    )

    def __init__(self, buf: bytes | mmap.mmap) -> None:
        self.buf = buf
        self.is64 = buf[4] == 2
        self.end = "<" if buf[5] == 1 else ">"
        e = self.end
        self.ptr_size = 8 if self.is64 else 4
        self._ptr_fmt = e + ("Q" if self.is64 else "I")
        if self.is64:
            (_t, self.machine, _v, _entry, phoff, shoff, _fl, _eh, phentsize, phnum, shentsize,
             shnum, _shstr) = struct.unpack_from(e + "HHIQQQIHHHHHH", buf, 16)
            ph_fmt, sh_fmt = e + "IIQQQQQQ", e + "IIQQQQIIQQ"
        else:
            (_t, self.machine, _v, _entry, phoff, shoff, _fl, _eh, phentsize, phnum, shentsize,
             shnum, _shstr) = struct.unpack_from(e + "HHIIIIIHHHHHH", buf, 16)
            ph_fmt, sh_fmt = e + "IIIIIIII", e + "IIIIIIIIII"
        self.loads: list[tuple[int, int, int, int]] = []  # vaddr, memsz, offset, filesz
        self.exec_ranges: list[tuple[int, int]] = []
        dyn: tuple[int, int] | None = None
        for i in range(phnum):
            f = struct.unpack_from(ph_fmt, buf, phoff + i * phentsize)
            if self.is64:
                p_type, p_flags, p_offset, p_vaddr, _pa, p_filesz, p_memsz, _al = f
            else:
                p_type, p_offset, p_vaddr, _pa, p_filesz, p_memsz, p_flags, _al = f
            if p_type == _PT_LOAD:
                self.loads.append((p_vaddr, p_memsz, p_offset, p_filesz))
                if p_flags & 1:
                    self.exec_ranges.append((p_vaddr, p_vaddr + p_memsz))
            elif p_type == _PT_DYNAMIC:
                dyn = (p_offset, p_filesz)
        #: (type, addr, offset, size, link, entsize) per section header.
        self.sections: list[tuple[int, int, int, int, int, int]] = []
        if shoff and shnum:
            for i in range(shnum):
                _n, typ, _fl2, addr, off, size, link, _inf, _al2, entsize = struct.unpack_from(
                    sh_fmt, buf, shoff + i * shentsize)
                self.sections.append((typ, addr, off, size, link, entsize))
        self._dyn: dict[int, int] = {}
        if dyn is not None:
            fmt = e + ("qQ" if self.is64 else "iI")
            step = struct.calcsize(fmt)
            for pos in range(dyn[0], dyn[0] + dyn[1] - step + 1, step):
                tag, val = struct.unpack_from(fmt, buf, pos)
                if tag == 0:
                    break
                self._dyn.setdefault(tag, val)
        self._rela: dict[int, int] | None = None

    # -- addresses ------------------------------------------------------------------------
    def offset(self, vaddr: int) -> int | None:
        """The file offset of *vaddr*; None in a zero-filled tail (.bss) or unmapped."""
        for v, memsz, off, filesz in self.loads:
            if v <= vaddr < v + memsz:
                return off + (vaddr - v) if vaddr - v < filesz else None
        return None

    def cstr(self, vaddr: int, limit: int = 256) -> str | None:
        off = self.offset(vaddr)
        if off is None:
            return None
        stop = self.buf.find(b"\x00", off, off + limit)
        if stop < 0:
            return None
        return bytes(self.buf[off:stop]).decode("utf-8", "surrogateescape")

    def _raw_ptr(self, vaddr: int) -> int:
        off = self.offset(vaddr)
        if off is None:
            return 0
        value: int = struct.unpack_from(self._ptr_fmt, self.buf, off)[0]
        return value

    def ptr(self, vaddr: int) -> int:
        """The value of the pointer slot at *vaddr* once relocated at load base 0.

        A RELATIVE relocation gives its addend (RELA) or the value in place (REL,
        RELR); any other slot holds its link-time value (a non-PIE executable).
        """
        rela = self._rela_addend(vaddr)
        return self._raw_ptr(vaddr) if rela is None else rela

    def _rela_addend(self, vaddr: int) -> int | None:
        """The addend of the RELATIVE relocation of the slot at *vaddr*, if it has one
        (the table is indexed once: a libpython has tens of thousands)."""
        if self._rela is None:
            self._rela = {}
            addr, size = self._dyn.get(_DT_RELA), self._dyn.get(_DT_RELASZ)
            start = self.offset(addr) if addr else None
            relative = _RELATIVE.get(self.machine)
            if start is not None and size and relative is not None:
                ent = self._dyn.get(_DT_RELAENT) or 3 * self.ptr_size
                fmt = self.end + ("QQq" if self.is64 else "IIi")
                if struct.calcsize(fmt) == ent:
                    mask = 0xFFFFFFFF if self.is64 else 0xFF
                    table = self._rela
                    for r_offset, info, addend in struct.iter_unpack(
                            fmt, self.buf[start:start + size - size % ent]):
                        if info & mask == relative:
                            table[r_offset] = addend
        return self._rela.get(vaddr)

    # -- symbols --------------------------------------------------------------------------
    def symbol(self, name: str) -> int | None:
        """The value of symbol *name* defined in this file (.symtab, then .dynsym), or None.

        An undefined symbol, or one defined in a NOBITS section (copy-relocated into
        an executable's .bss), does not count.
        """
        want = b"\x00" + name.encode("ascii") + b"\x00"
        for kind in (_SHT_SYMTAB, _SHT_DYNSYM):
            for typ, _addr, off, size, link, entsize in self.sections:
                if typ != kind or link >= len(self.sections) or not entsize:
                    continue
                s_off, s_size = self.sections[link][2], self.sections[link][3]
                at = self.buf.find(want, s_off, s_off + s_size)
                while at >= 0:
                    found = self._symbol_at(off, size, entsize, at + 1 - s_off)
                    if found is not None:
                        return found
                    at = self.buf.find(want, at + 1, s_off + s_size)
        return None

    def _symbol_at(self, off: int, size: int, entsize: int, name_index: int) -> int | None:
        needle = struct.pack(self.end + "I", name_index)
        pos = off
        while True:
            pos = self.buf.find(needle, pos, off + size)
            if pos < 0:
                return None
            if (pos - off) % entsize == 0:
                break
            pos += 1
        if self.is64:
            _n, _info, _other, shndx, value, _size = struct.unpack_from(self.end + "IBBHQQ", self.buf, pos)
        else:
            _n, value, _size, _info, _other, shndx = struct.unpack_from(self.end + "IIIBBH", self.buf, pos)
        if shndx == 0 or shndx >= 0xFF00:
            return None
        if shndx < len(self.sections) and self.sections[shndx][0] == _SHT_NOBITS:
            return None
        result: int = value
        return result

    # -- searching ------------------------------------------------------------------------
    def vaddrs_of(self, data: bytes) -> list[int]:
        """The virtual addresses where *data* occurs in the loaded segments."""
        out: list[int] = []
        for v, _memsz, off, filesz in self.loads:
            pos = self.buf.find(data, off, off + filesz)
            while pos >= 0:
                out.append(v + pos - off)
                pos = self.buf.find(data, pos + 1, off + filesz)
        return out

    def slots_pointing_at(self, targets: list[int]) -> list[int]:
        """Pointer slots whose (relocated) value is one of *targets*: RELA addends, or
        raw values in the loaded segments (non-PIE, REL, RELR)."""
        found: list[int] = []
        want = set(targets)
        p = self.ptr_size
        for t in targets:
            packed = struct.pack(self._ptr_fmt, t)
            # a RELA entry carries the value as its addend
            addr, size = self._dyn.get(_DT_RELA), self._dyn.get(_DT_RELASZ)
            start = self.offset(addr) if addr else None
            if start is not None and size:
                ent = 3 * p
                pos = self.buf.find(packed, start, start + size)
                while pos >= 0:
                    if (pos - start) % ent == 2 * p:
                        slot: int = struct.unpack_from(self._ptr_fmt, self.buf, pos - 2 * p)[0]
                        found.append(slot)
                    pos = self.buf.find(packed, pos + 1, start + size)
            for v, _memsz, off, filesz in self.loads:
                pos = self.buf.find(packed, off, off + filesz)
                while pos >= 0:
                    if (pos - off) % p == 0 and (v + pos - off) not in found:
                        found.append(v + pos - off)
                    pos = self.buf.find(packed, pos + 1, off + filesz)
        return [s for s in found if self.ptr(s) in want]


def open_image(buf: bytes | mmap.mmap) -> ElfImage | None:
    """An :class:`ElfImage` of *buf*, or None when it is not a well-formed ELF file."""
    if len(buf) < 64 or buf[:4] != b"\x7fELF":
        return None
    try:
        return ElfImage(buf)
    except struct.error:
        return None
