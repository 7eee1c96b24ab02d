"""``--probe``: ask the target once for the facts the disk did not give, and remember.

Static discovery (:mod:`.discovery`) reads files; a few facts can be missing
(a stripped binary with no version literal and no headers, an install without
``_sysconfigdata``).  With ``--probe`` -- never by default -- the target is run once as
``python -I -S -c <script>``: isolated (no ``PYTHON*`` variable, no user site, no
script directory on ``sys.path``) and without importing :mod:`site`, so no ``.pth`` file
of the target runs.  The script prints JSON; the answer is cached under
``$XDG_CACHE_HOME/pywhence`` (or ``~/.cache/pywhence``), keyed by the binary's realpath,
``st_mtime_ns`` and ``st_size`` (and those of the libpython it loads) plus a hash of the
script, so an upgraded interpreter or a changed probe is asked again.

A pyenv shim (a shell script that picks an interpreter per directory) is refused: its
mtime says nothing about the interpreter it would run.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess

from .._diskcache import cache_dir
from ..disk.fileio import read_host, write_atomic
from ..disk.fs import FileSystem, LocalFS
from ..errors import InterpreterNotFound
from .facts import Facts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = ["PROBE_CACHE", "PROBE_SCRIPT", "PROBE_STATUS", "cache_dir", "cache_key",
           "fill_from_probe", "run_probe"]

#: The provenance keys saying what ``--probe`` did (read by startup/pylifecycle.py,
#: which must not import this module: it imports subprocess).
PROBE_STATUS = "probe status"
PROBE_CACHE = "probe cache"

#: Printed as one JSON object on stdout; kept small and free of anything that imports
#: third-party code.  ``build_time_vars`` is read from the sysconfigdata module itself:
#: ``sysconfig.get_config_vars()`` replaces ``prefix``/``exec_prefix`` with the
#: *runtime* ``sys.prefix``, which is not a build constant.
PROBE_SCRIPT = r"""
import json, sys, sysconfig
name = sysconfig._get_sysconfigdata_name()
try:
    bt = __import__(name, globals(), locals(), ["build_time_vars"], 0).build_time_vars
except ImportError:
    bt = {}
keys = ("prefix", "exec_prefix", "PLATLIBDIR", "VPATH", "Py_ENABLE_SHARED", "MULTIARCH",
        "ABIFLAGS", "Py_GIL_DISABLED", "PYTHONPATH", "VERSION")
try:
    import site  # with -S: imported (it may be frozen, 3.11+), main() not run
    dist = any("dist-packages" in p for p in site.getsitepackages(["/x"]))
    origin = getattr(site, "__file__", None)
except Exception:
    dist = origin = None
lib = None
try:
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split(None, 5)[-1].strip()
            if "/libpython" in path:
                lib = path
                break
except OSError:
    pass
print(json.dumps({
    "version_info": list(sys.version_info[:3]),
    "platform": sys.platform,
    "vars": {k: bt[k] for k in keys if k in bt},
    "platlibdir": getattr(sys, "platlibdir", None),
    "abiflags": getattr(sys, "abiflags", ""),
    "site_file": origin,
    "site_dist_packages": dist,
    "library": lib,
}))
"""

_SCRIPT_HASH = hashlib.sha256(PROBE_SCRIPT.encode()).hexdigest()[:16]


def cache_key(executable: str, library: str | None, env: Mapping[str, str]) -> str:
    """realpath + mtime + size of the binary (and its libpython) + the probe's hash."""
    parts = [_SCRIPT_HASH]
    for path in (executable, library):
        if path is None:
            continue
        real = os.path.realpath(path)
        st = os.stat(real)
        parts.append(f"{real}\0{st.st_mtime_ns}\0{st.st_size}")
    # the loader's search path decides which libpython answers
    parts.append(env.get("LD_LIBRARY_PATH") or "")
    return hashlib.sha256("\0\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def run_probe(
    executable: str,
    env: Mapping[str, str],
    *,
    library: str | None = None,
    cache: str | None = None,
    timeout: float = 30.0,
) -> dict[str, Any]:
    """The probe's JSON for the local binary *executable*, from the cache or one run."""
    try:
        head = read_host(executable, 2)
    except OSError as exc:
        raise InterpreterNotFound(
            f"cannot probe {executable!r}: {exc.strerror or exc}", executable
        ) from None
    if head == b"#!":
        raise InterpreterNotFound(
            f"refusing to probe {executable!r}: it is a script (a pyenv shim or wrapper), not CPython",
            executable,
        )
    key = cache_key(executable, library, env)
    folder = cache if cache is not None else cache_dir()
    path = os.path.join(folder, f"probe-{key}.json")
    try:
        cached = json.loads(read_host(path, bound=1 << 20).decode("utf-8"))
        if isinstance(cached, dict):
            cached["_cache"] = path
            return cached
    except (OSError, ValueError):
        pass
    try:
        proc = subprocess.run(
            [executable, "-I", "-S", "-c", PROBE_SCRIPT],
            env=dict(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InterpreterNotFound(f"probe of {executable!r} failed: {exc}", executable) from None
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        last = lines[-1] if lines else f"exit status {proc.returncode}"
        raise InterpreterNotFound(f"probe of {executable!r} failed: {last}", executable)
    try:
        data = json.loads(proc.stdout.decode("utf-8", "surrogateescape"))
    except ValueError:
        raise InterpreterNotFound(
            f"probe of {executable!r} printed no JSON: is it CPython?", executable
        ) from None
    if not isinstance(data, dict):
        raise InterpreterNotFound(f"probe of {executable!r} printed unexpected JSON", executable)
    try:
        os.makedirs(folder, exist_ok=True)
        # a temporary file in the same folder, fsync-ed, then renamed: a reader sees the
        # old answer or the new one, never a part (another pywhence may be writing it)
        write_atomic(path, json.dumps(data).encode("utf-8"))
        stored: str | None = path
    except OSError:
        stored = None  # an unwritable cache only costs a run next time
    data["_cache"] = None
    data["_stored"] = stored
    return data


def fill_from_probe(fs: FileSystem, facts: Facts, env: Mapping[str, str]) -> None:
    """Fill the facts discovery left empty from one (cached) probe run.

    Facts read from disk are kept: the probe only adds.  Nothing runs when nothing is
    missing, nor for a target under ``--root`` (running it would use this host's
    loader and libraries, not the root's).
    """
    missing = facts.missing()
    if not missing:
        facts.provenance[PROBE_STATUS] = ("not run: every fact it could give was read "
                                          "from disk")
        return
    if not isinstance(fs, LocalFS) or facts.executable is None:
        facts.provenance["probe"] = "not run: the target is not on this machine's disk (--root)"
        facts.provenance[PROBE_STATUS] = facts.provenance["probe"]
        return
    data = run_probe(facts.executable, env, library=facts.library)
    cached = data.get("_cache")
    src = f"probe run of {facts.executable}" + (f" (cached in {cached})" if cached else "")
    # Said in the output and in --json (Startup.probe): whether the target ran just now.
    stored = data.get("_stored")
    if isinstance(cached, str):
        facts.provenance[PROBE_STATUS] = f"not run: its answer came from the cache {cached}"
        facts.provenance[PROBE_CACHE] = cached
    else:
        facts.provenance[PROBE_STATUS] = (
            f"ran {facts.executable} -I -S once; "
            + (f"answer cached in {stored}" if isinstance(stored, str)
               else "the answer could not be cached"))
        if isinstance(stored, str):
            facts.provenance[PROBE_CACHE] = stored
    raw_vi = data.get("version_info")
    vi: list[Any] = raw_vi if isinstance(raw_vi, list) else []
    version_ok = len(vi) >= 3 and all(isinstance(x, int) for x in vi[:3])
    if version_ok and (facts.xy is None or facts.xy == (vi[0], vi[1])):
        facts.put("major", vi[0], src)
        facts.put("minor", vi[1], src)
        facts.put("micro", vi[2], src)
    raw_vars = data.get("vars")
    cv: dict[str, Any] = raw_vars if isinstance(raw_vars, dict) else {}
    facts.put("prefix", cv.get("prefix"), src)
    facts.put("exec_prefix", cv.get("exec_prefix"), src)
    platlibdir = data.get("platlibdir") or cv.get("PLATLIBDIR")
    if platlibdir is None and facts.xy is not None and facts.xy < (3, 9):
        platlibdir = "lib"
    facts.put("platlibdir", platlibdir, src)
    facts.put("vpath", cv.get("VPATH"), src)
    facts.put("pythonpath", cv.get("PYTHONPATH"), src)
    facts.put("multiarch", cv.get("MULTIARCH"), src)
    if "Py_GIL_DISABLED" in cv:
        facts.put("abi_thread", "t" if cv["Py_GIL_DISABLED"] else "", src)
    elif isinstance(data.get("abiflags"), str):
        facts.put("abi_thread", "t" if "t" in data["abiflags"] else "", src)
    if isinstance(data.get("abiflags"), str):
        facts.put("abiflags", data["abiflags"], src)
    lib = data.get("library")
    if isinstance(lib, str):
        facts.put("library", lib, src)
    facts.put("shared", isinstance(lib, str), src)
    dist = data.get("site_dist_packages")
    if isinstance(dist, bool):
        facts.put("site_flavour", "debian" if dist else "cpython", src)
