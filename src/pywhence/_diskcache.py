"""pywhence's own cache directory, the names of its entries and the file signatures that
keep them valid (shared by the probe, the binaries' import tables, the in-process
caches of discovery and the kept answers of commands): small and import-free, so that a
command answered from its kept answer imports nothing more to find and check it."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = ["cache_dir", "checksum", "signature"]


def cache_dir(environ: Mapping[str, str] | None = None) -> str:
    """pywhence's own cache directory (of the user running pywhence, not the target's):
    ``$XDG_CACHE_HOME/pywhence``, else ``~/.cache/pywhence``.  The probe's answers, the
    binaries' import tables and the kept answers of commands all live below it."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pywhence")


_MERSENNE_61 = (1 << 61) - 1


def checksum(data: bytes) -> str:
    """16 hex digits naming a cache entry after *data* (its key): the bytes read as one
    number, modulo the Mersenne prime 2**61 - 1.  One pass in C and no module to import
    (zlib alone costs half a millisecond); a clash only makes a miss, since every entry
    holds its key and is checked against it."""
    return f"{int.from_bytes(data, 'little') % _MERSENNE_61:016x}"


def signature(path: str) -> Any:
    """What must stay the same for a cached answer about *path* to hold (a host path):
    (inode, device, mtime, size, mode), or the errno of a failed ``stat``."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return exc.errno
    except ValueError:
        return None
    return (st.st_ino, st.st_dev, st.st_mtime_ns, st.st_size, st.st_mode)
