"""The built-in modules of a build: ``_PyImport_Inittab`` (Modules/config.c) read from
the binary, which is ``sys.builtin_module_names`` without running it.

Which modules are compiled in is a choice of each build, not of the version: Debian's
python3.11 has ``math``, ``select`` and ``zlib`` built in, pyenv's has not; sid's 3.14
has ``_json``, Debian's 3.11 has not.  So the set is read from the object that holds the
interpreter (the executable, or the libpython it loads):

1. ``_PyImport_Inittab``, the array itself, when the symbol table still has it (3.8
   exports it; from 3.9 it is hidden, so a stripped binary lacks it);
2. else ``PyImport_Inittab``, the exported pointer to it (Python/import.c:
   ``struct _inittab *PyImport_Inittab = _PyImport_Inittab``), always in ``.dynsym``;
3. else a scan: the array holds ``{"builtins", NULL}``, so pointer slots aimed at the
   string ``builtins`` are candidates, grown into the ``{name, initfunc}`` run around
   them (every name an identifier, every initfunc NULL or code).

Each entry is ``{const char *name; PyObject *(*initfunc)(void)}`` and the array ends at
a NULL *name* (``builtins`` and ``sys`` have a NULL initfunc).  Verified against
``sys.builtin_module_names`` of pyenv 3.6-3.13, Debian 3.11, sid 3.14 and builds with
RELA, RELR and stripped libraries (the import research of issue 9).
"""

from __future__ import annotations

from .elfdata import ElfImage

__all__ = ["read_inittab"]

_LIMIT = 1024


def read_inittab(image: ElfImage) -> tuple[str, ...] | None:
    """The names in the inittab of *image* (in table order), or None if it has none."""
    addr = image.symbol("_PyImport_Inittab")
    if addr is None:
        pointer = image.symbol("PyImport_Inittab")
        if pointer is not None:
            addr = image.ptr(pointer) or None
    if addr is not None:
        names = _walk(image, addr, check=False)
        if names is not None:
            return names
    return _scan(image)


def _walk(image: ElfImage, addr: int, *, check: bool) -> tuple[str, ...] | None:
    names: list[str] = []
    step = 2 * image.ptr_size
    for i in range(_LIMIT):
        slot = addr + i * step
        if image.offset(slot) is None and not any(
            v <= slot < v + m for v, m, _o, _f in image.loads
        ):
            return None
        target = image.ptr(slot)
        if target == 0:
            return tuple(names)
        name = image.cstr(target, 128)
        if not name or not name.replace("_", "a").isalnum() or name[0].isdigit():
            return None
        if check and not _code_or_null(image, slot + image.ptr_size):
            return None
        names.append(name)
    return None


def _code_or_null(image: ElfImage, slot: int) -> bool:
    value = image.ptr(slot)
    if value == 0:
        # a symbolic relocation (R_*_64 against an exported PyInit_*) leaves zeros in
        # the file of a shared library; the scan accepts it as "set at load time"
        return True
    return any(lo <= value < hi for lo, hi in image.exec_ranges)


def _scan(image: ElfImage) -> tuple[str, ...] | None:
    # not b"\0builtins\0": the linker may merge the string into the tail of another
    targets = image.vaddrs_of(b"builtins\x00")
    best: tuple[str, ...] | None = None
    step = 2 * image.ptr_size
    for slot in image.slots_pointing_at(targets):
        start = slot
        while True:
            prev = start - step
            value = image.ptr(prev) if image.offset(prev) is not None else 0
            name = image.cstr(value, 64) if value else None
            if not name or not name.replace("_", "a").isalnum() or not _code_or_null(
                image, prev + image.ptr_size
            ):
                break
            start = prev
        names = _walk(image, start, check=True)
        if names is not None and "sys" in names and (best is None or len(names) > len(best)):
            best = names
    return best
