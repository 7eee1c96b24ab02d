"""``--probe``: one isolated run of the target, cached, filling only what the disk lacked."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pywhence.disk.fs import LocalFS
from pywhence.errors import InterpreterNotFound
from pywhence.target.discovery import clear_caches, discover_interpreter, discover_invocation
from pywhence.target.probe import cache_dir, cache_key, run_probe

PYENV = Path("/root/.pyenv/versions")
BASE = PYENV / "3.12.1"
INTERPRETERS = [
    str(p) for p in [*(PYENV / v / "bin" / "python" for v in
                       ("3.8.18", "3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0")),
                     Path("/usr/bin/python3.11")]
    if p.exists()
]


def forbid_spawning(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*a: Any, **k: Any) -> Any:
        raise AssertionError("a process was started")

    monkeypatch.setattr(subprocess, "Popen", forbidden)
    for name in ("fork", "posix_spawn", "posix_spawnp", "system", "execv", "execve"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, forbidden)


@pytest.fixture()
def lonely_binary(tmp_path: Path) -> str:
    """The pyenv 3.12 launcher copied alone: no stdlib, no sysconfigdata beside it."""
    if not BASE.exists():
        pytest.skip("pyenv 3.12.1 not installed")
    dest = tmp_path / "bin" / "python3.12"
    dest.parent.mkdir()
    shutil.copy2(BASE / "bin" / "python3.12", dest)
    return str(dest)


@pytest.fixture()
def lonely_env(tmp_path: Path) -> dict[str, str]:
    """LD_LIBRARY_PATH to a lone copy of libpython, so no install is in sight on disk."""
    libdir = tmp_path / "elsewhere" / "lib"
    libdir.mkdir(parents=True)
    shutil.copy2(BASE / "lib" / "libpython3.12.so.1.0", libdir)
    return {"PATH": "/usr/bin", "HOME": "/root", "LD_LIBRARY_PATH": str(libdir)}


def discover(python: str, probe: bool, env: dict[str, str] | None = None) -> Any:
    env = env or {"PATH": "/usr/bin", "HOME": "/root"}
    return discover_invocation(python, (), env, "/", None, probe)


def test_copied_launcher_finds_its_install_through_libpython(lonely_binary: str) -> None:
    """The launcher's absolute DT_RUNPATH names the install; its stdlib is beside it."""
    interp, _, _ = discover(lonely_binary, probe=False)
    assert interp.library == str(BASE / "lib" / "libpython3.12.so.1.0")
    assert interp.build.prefix == str(BASE)
    assert dict(interp.provenance)["stdlib"] == str(BASE / "lib" / "python3.12")


def test_lone_libpython_leads_to_the_build_prefix(
    lonely_binary: str, lonely_env: dict[str, str]
) -> None:
    """No install near the program nor its libpython: the build PREFIX string inside the
    runtime names the install (what CPython itself falls back to)."""
    interp, _, _ = discover(lonely_binary, probe=False, env=lonely_env)
    # LD_LIBRARY_PATH comes before DT_RUNPATH (ld.so(8))
    assert interp.library == os.path.join(lonely_env["LD_LIBRARY_PATH"], "libpython3.12.so.1.0")
    assert interp.build.prefix == str(BASE)
    assert "build PREFIX" in dict(interp.provenance)["stdlib"]


@pytest.fixture()
def headerless(tmp_path: Path) -> str:
    """A 3.10 install rebuilt from links, without include/: nothing on disk states its
    micro version (3.10 exports no Py_Version and pyenv's PY_VERSION literal is merged
    into the PREFIX string)."""
    base = PYENV / "3.10.13"
    if not base.exists():
        pytest.skip("pyenv 3.10.13 not installed")
    top = tmp_path / "py310"
    (top / "bin").mkdir(parents=True)
    shutil.copy2(base / "bin" / "python3.10", top / "bin" / "python3.10")
    stdlib = top / "lib" / "python3.10"
    stdlib.mkdir(parents=True)
    for entry in (base / "lib" / "python3.10").iterdir():
        (stdlib / entry.name).symlink_to(entry)
    return str(top / "bin" / "python3.10")


def test_probe_fills_only_missing_facts_and_is_cached(
    headerless: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    clear_caches()
    static, _, _ = discover(headerless, probe=False)
    assert str(static.version) == "3.10"
    prov = dict(static.provenance)
    assert "version micro" not in prov

    probed, _, _ = discover(headerless, probe=True)
    assert str(probed.version) == "3.10.13"
    pprov = dict(probed.provenance)
    assert pprov["version micro"].startswith(f"probe run of {headerless}")
    assert probed.build == static.build  # what the disk said is kept
    assert pprov["prefix"] == prov["prefix"]
    assert list((tmp_path / "cache" / "pywhence").glob("probe-*.json"))

    forbid_spawning(monkeypatch)
    again, _, _ = discover(headerless, probe=True)
    assert str(again.version) == "3.10.13"
    assert "cached in" in dict(again.provenance)["version micro"]


def test_nothing_runs_when_nothing_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    if not INTERPRETERS:
        pytest.skip("no interpreters")
    forbid_spawning(monkeypatch)
    clear_caches()
    for python in INTERPRETERS:
        interp, _, _ = discover(python, probe=True)
        assert not any(k == "probe" for k, _ in interp.provenance)


@pytest.mark.parametrize("python", INTERPRETERS)
def test_probe_agrees_with_static_discovery(python: str, tmp_path: Path) -> None:
    """Two independent routes to the same facts: the probe script and the disk."""
    data = run_probe(python, {"PATH": "/usr/bin"}, cache=str(tmp_path))
    facts = discover_interpreter(LocalFS(), python, {})
    assert data["version_info"] == [facts.major, facts.minor, facts.micro]
    cv = data["vars"]
    assert cv["prefix"] == facts.prefix
    assert cv["exec_prefix"] == facts.exec_prefix
    assert (data["platlibdir"] or "lib") == facts.platlibdir
    assert cv.get("MULTIARCH") == facts.multiarch
    assert data["site_dist_packages"] == (facts.site_flavour == "debian")
    assert data["library"] == facts.library


def test_cache_key_follows_the_binary(lonely_binary: str) -> None:
    env: dict[str, str] = {}
    k1 = cache_key(lonely_binary, None, env)
    st = os.stat(lonely_binary)
    os.utime(lonely_binary, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert cache_key(lonely_binary, None, env) != k1
    assert cache_key(lonely_binary, None, {"LD_LIBRARY_PATH": "/x"}) != cache_key(
        lonely_binary, None, env)


def test_cache_dir_honours_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == str(tmp_path / "pywhence")
    assert cache_dir({}) == os.path.join(os.path.expanduser("~"), ".cache", "pywhence")


def test_shim_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shim = tmp_path / "python"
    shim.write_text('#!/usr/bin/env bash\nexec "$(pyenv root)/libexec/pyenv" exec "$0" "$@"\n')
    shim.chmod(0o755)
    forbid_spawning(monkeypatch)
    with pytest.raises(InterpreterNotFound, match="refusing to probe"):
        run_probe(str(shim), {}, cache=str(tmp_path / "c"))
    with pytest.raises(InterpreterNotFound, match="pyenv shim"):
        discover(str(shim), probe=True)


def test_probe_failure_is_one_line(tmp_path: Path) -> None:
    ls = shutil.which("false") or "/bin/false"
    with pytest.raises(InterpreterNotFound) as info:
        run_probe(ls, {}, cache=str(tmp_path))
    assert "probe of" in str(info.value) and "\n" not in str(info.value)
