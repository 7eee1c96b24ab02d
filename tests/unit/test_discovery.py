"""Static discovery against real interpreters: each one is its own oracle.

Every interpreter (and venvs and a relocated copy of one) is run *by the test* to report
its own facts (``sys.version_info``, the sysconfigdata ``build_time_vars``,
``sys.platlibdir``, the libpython it mapped); discovery must read the same facts from
disk without running anything.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pywhence.disk.fs import LocalFS, RootedFS
from pywhence.errors import InterpreterNotFound
from pywhence.target.discovery import clear_caches, discover_invocation
from pywhence.target.sysconfigdata import parse_sysconfigdata

PYENV = Path("/root/.pyenv/versions")
PYENV_VERSIONS = ["3.8.18", "3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0"]
DEBIAN = "/usr/bin/python3.11"


def _interpreters() -> list[str]:
    found = []
    for v in PYENV_VERSIONS:
        exe = PYENV / v / "bin" / "python"
        if exe.exists():
            found.append(str(exe))
    if os.path.exists(DEBIAN):
        found.append(DEBIAN)
    return found


INTERPRETERS = _interpreters()
needs_interpreters = pytest.mark.skipif(not INTERPRETERS, reason="no oracle interpreters here")

ORACLE = r"""
import json, sys, sysconfig
bt = __import__(sysconfig._get_sysconfigdata_name(), globals(), locals(), ["x"], 0).build_time_vars
lib = None
with open("/proc/self/maps") as f:
    for line in f:
        path = line.split(None, 5)[-1].strip()
        if "/libpython" in path:
            lib = path
            break
import site  # -S: imported, not run
debian = any("dist-packages" in p for p in site.getsitepackages(["/x"]))
print(json.dumps({
    "version": list(sys.version_info[:3]),
    "prefix": bt["prefix"], "exec_prefix": bt["exec_prefix"],
    "platlibdir": getattr(sys, "platlibdir", "lib"),
    "vpath": bt.get("VPATH", ""), "pythonpath": bt.get("PYTHONPATH", ""),
    "multiarch": bt.get("MULTIARCH", ""),
    "abi_thread": "t" if bt.get("Py_GIL_DISABLED") else "",
    "library": lib, "debian": debian, "platform": sys.platform,
}))
"""


def oracle(python: str) -> dict[str, Any]:
    out = subprocess.run(
        [python, "-I", "-S", "-c", ORACLE], capture_output=True, check=True, text=True
    ).stdout
    data: dict[str, Any] = json.loads(out)
    return data


def discover(python: str | None, **kw: Any) -> Any:
    env = kw.pop("env", {"PATH": "/usr/bin:/bin", "HOME": "/root"})
    cwd = kw.pop("cwd", "/")
    return discover_invocation(python, tuple(kw.pop("args", ())), env, cwd, kw.pop("root", None),
                               kw.pop("probe", False))


def assert_same_facts(python: str, expect_library: bool = True) -> None:
    want = oracle(python)
    interp, _inv, fs = discover(python)
    assert isinstance(fs, LocalFS)
    v = interp.version
    assert [v.major, v.minor, v.micro] == want["version"]
    assert interp.platform == want["platform"]
    b = interp.build
    assert b.prefix == want["prefix"]
    assert b.effective_exec_prefix == want["exec_prefix"]
    assert b.platlibdir == want["platlibdir"]
    assert b.vpath == want["vpath"]
    assert b.pythonpath == want["pythonpath"]
    assert b.multiarch == want["multiarch"]
    assert b.abi_thread == want["abi_thread"]
    # shared: does the running program map a libpython (Debian's is static)
    assert b.shared == (want["library"] is not None)
    if expect_library:
        assert interp.library == want["library"]
    assert interp.site_flavour == ("debian" if want["debian"] else "cpython")
    facts = dict(interp.provenance)
    for name in ("version", "version micro", "prefix", "platlibdir"):
        assert facts.get(name), f"no provenance for {name}: {interp.provenance}"


@needs_interpreters
@pytest.mark.parametrize("python", INTERPRETERS)
def test_facts_match_the_interpreter_itself(python: str) -> None:
    assert_same_facts(python)


@needs_interpreters
@pytest.mark.parametrize("python", INTERPRETERS)
@pytest.mark.parametrize("mode", ["--symlinks", "--copies"])
def test_venv_facts_are_the_base_install(python: str, mode: str, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", "--without-pip", mode, str(venv)], check=True)
    vpy = str(venv / "bin" / "python")
    assert_same_facts(vpy)
    interp, inv, _ = discover(vpy)
    assert inv.argv[0] == vpy
    provenance = dict(interp.provenance)
    assert "pyvenv.cfg" in provenance["venv home"]


@pytest.fixture(scope="module")
def relocated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = PYENV / "3.12.1"
    if not src.exists():
        pytest.skip("pyenv 3.12.1 not installed")
    dest = tmp_path_factory.mktemp("reloc") / "py312"
    subprocess.run(["cp", "-a", str(src), str(dest)], check=True)
    return dest


def test_relocated_copy_keeps_its_build_prefix(relocated: Path) -> None:
    py = str(relocated / "bin" / "python3.12")
    assert_same_facts(py)
    interp, _, _ = discover(py)
    # the build constant, not where the copy lives: deciding prefixes is getpath's job
    assert interp.build.prefix == "/root/.pyenv/versions/3.12.1"
    assert interp.executable == py
    assert dict(interp.provenance)["stdlib"] == str(relocated / "lib" / "python3.12")


@pytest.mark.skipif(not os.path.exists(DEBIAN), reason="no Debian python3.11")
def test_debian_facts() -> None:
    interp, _, _ = discover(DEBIAN)
    assert interp.build.prefix == "/usr"
    assert interp.build.multiarch == "x86_64-linux-gnu"
    assert interp.site_flavour == "debian"
    assert interp.build.shared is False
    assert interp.library is None


# -- invocation ---------------------------------------------------------------------------


def test_default_is_the_running_interpreter() -> None:
    interp, inv, _ = discover(None, args=["-c", "pass"])
    assert inv.argv == (sys.executable, "-c", "pass")
    assert interp.version.xy == sys.version_info[:2]
    assert interp.version.micro in (None, sys.version_info[2])


@needs_interpreters
def test_relative_path_is_argv0_as_typed_and_read_from_cwd() -> None:
    py = PYENV / "3.12.1" / "bin" / "python"
    if not py.exists():
        pytest.skip("pyenv 3.12.1 not installed")
    interp, inv, _ = discover("bin/python", cwd=str(py.parent.parent), args=["-I"])
    assert inv.argv == ("bin/python", "-I")
    assert inv.cwd == str(py.parent.parent)
    assert str(interp.version) == "3.12.1"


@needs_interpreters
def test_bare_name_is_found_on_the_invocation_path(tmp_path: Path) -> None:
    py_dir = PYENV / "3.12.1" / "bin"
    if not py_dir.exists():
        pytest.skip("pyenv 3.12.1 not installed")
    # a non-executable file of the same name earlier on PATH is skipped, as execvp does
    (tmp_path / "python3.12").write_text("not a program")
    env = {"PATH": f"{tmp_path}:{py_dir}", "HOME": "/root"}
    interp, inv, _ = discover("python3.12", env=env)
    assert inv.argv == ("python3.12",)
    assert inv.env == env
    assert interp.executable == str(py_dir / "python3.12")


def test_invocation_carries_ids_and_passwd_home() -> None:
    _, inv, _ = discover(None, env={"PATH": "/usr/bin"})
    assert (inv.uid, inv.euid, inv.gid, inv.egid) == (
        os.getuid(), os.geteuid(), os.getgid(), os.getegid())
    import pwd

    assert inv.passwd_home == pwd.getpwuid(os.getuid()).pw_dir
    assert inv.real_executable is None and inv.library is None
    _, inv2, _ = discover(None, env={"HOME": "/somewhere"})
    assert inv2.passwd_home is None


# -- errors: one line, naming the culprit -------------------------------------------------


def error_of(python: str | None, **kw: Any) -> str:
    with pytest.raises(InterpreterNotFound) as info:
        discover(python, **kw)
    text = str(info.value)
    assert "\n" not in text
    return text


def test_missing_path(tmp_path: Path) -> None:
    text = error_of(str(tmp_path / "nope"))
    assert "does not exist" in text and "nope" in text


def test_not_executable(tmp_path: Path) -> None:
    f = tmp_path / "python"
    f.write_bytes(b"\x7fELF")
    f.chmod(0o644)
    assert "not executable" in error_of(str(f))


def test_directory(tmp_path: Path) -> None:
    assert "is a directory" in error_of(str(tmp_path))


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "python").symlink_to(tmp_path / "gone")
    text = error_of(str(tmp_path / "python"))
    assert "broken symlink" in text and "gone" in text


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert "symlink loop" in error_of(str(tmp_path / "a"))


def test_name_not_on_path(tmp_path: Path) -> None:
    text = error_of("python-nowhere", env={"PATH": f"{tmp_path}:/nonexistent"})
    assert "python-nowhere" in text and f"PATH={tmp_path}:/nonexistent" in text


def test_not_a_cpython(tmp_path: Path) -> None:
    ls = shutil.which("ls") or "/bin/ls"
    f = tmp_path / "bin" / "notpython"
    f.parent.mkdir()
    shutil.copy(ls, f)
    text = error_of(str(f))
    assert "not a CPython" in text and "no Python runtime" in text
    # a program beside a real stdlib is still not Python (/bin is /usr/bin on merged-/usr)
    assert "not a CPython" in error_of(ls)


def test_no_version_found(tmp_path: Path) -> None:
    """A runtime whose version no file states: refused (a --probe could ask it)."""
    base = PYENV / "3.10.13"
    if not base.exists():
        pytest.skip("pyenv 3.10.13 not installed")
    # a libpython run as a program, in a root without its install: no DT_NEEDED
    # libpython, no Py_Version before 3.11, no stdlib, headers or build PREFIX around
    f = tmp_path / "root" / "bin" / "mystery"
    f.parent.mkdir(parents=True)
    shutil.copy(base / "lib" / "libpython3.10.so.1.0", f)
    f.chmod(0o755)
    text = error_of("/bin/mystery", root=str(tmp_path / "root"))
    assert "no version found" in text and "--probe" in text


def test_wrapper_script(tmp_path: Path) -> None:
    f = tmp_path / "python"
    f.write_text("#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n")
    f.chmod(0o755)
    text = error_of(str(f))
    assert "wrapper script" in text


def test_pyenv_shim_is_refused_without_running_it() -> None:
    shim = Path("/root/.pyenv/shims/python3")
    if not shim.exists():
        pytest.skip("no pyenv shims")
    text = error_of("python3", env={"PATH": str(shim.parent)})
    assert "pyenv shim" in text and "pyenv which python3" in text


def test_too_old() -> None:
    old = PYENV / "3.7.16" / "bin" / "python3.7"
    if not old.exists():
        pytest.skip("no 3.7 here")
    text = error_of(str(old))
    assert "is Python 3.7; pywhence models 3.8\u20133.15" in text


# -- a folder seen as / -------------------------------------------------------------------


def _link_or_copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


@pytest.fixture()
def rooted(tmp_path: Path) -> Path:
    base = PYENV / "3.12.1"
    if not base.exists():
        pytest.skip("pyenv 3.12.1 not installed")
    root = tmp_path / "root"
    opt = root / "opt" / "py"
    _link_or_copy(base / "bin" / "python3.12", opt / "bin" / "python3.12")
    stdlib = opt / "lib" / "python3.12"
    for name in ("os.py", "site.py", "_sysconfigdata__linux_x86_64-linux-gnu.py"):
        _link_or_copy(base / "lib" / "python3.12" / name, stdlib / name)
    # the binary's DT_RUNPATH is absolute: inside the root it names the root's copy
    lib = root / "root" / ".pyenv" / "versions" / "3.12.1" / "lib" / "libpython3.12.so.1.0"
    _link_or_copy(base / "lib" / "libpython3.12.so.1.0", lib)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "python3").symlink_to("/opt/py/bin/python3.12")
    # a link that exists on the host but not inside the root
    (root / "usr" / "bin" / "hostpython").symlink_to(str(base / "bin" / "python3.12"))
    (root / "usr" / "bin" / "escape").symlink_to("../../../../../../../opt/py/bin/python3.12")
    return root


def test_rooted_absolute_symlink_stays_inside(rooted: Path) -> None:
    interp, inv, fs = discover("/usr/bin/python3", root=str(rooted))
    assert isinstance(fs, RootedFS)
    assert interp.executable == "/opt/py/bin/python3.12"
    assert str(interp.version) == "3.12.1"
    assert interp.build.prefix == "/root/.pyenv/versions/3.12.1"
    assert interp.library == "/root/.pyenv/versions/3.12.1/lib/libpython3.12.so.1.0"
    assert dict(interp.provenance)["stdlib"] == "/opt/py/lib/python3.12"
    assert inv.uid is None and inv.passwd_home is None
    assert inv.argv == ("/usr/bin/python3",)


def test_rooted_dotdot_stops_at_the_root(rooted: Path) -> None:
    interp, _, _ = discover("/usr/bin/escape", root=str(rooted))
    assert interp.executable == "/opt/py/bin/python3.12"


def test_rooted_link_to_a_host_path_is_broken_inside(rooted: Path) -> None:
    text = error_of("/usr/bin/hostpython", root=str(rooted))
    assert "broken symlink" in text


def test_rooted_bare_name(rooted: Path) -> None:
    interp, inv, _ = discover("python3", root=str(rooted), env={"PATH": "/usr/local/bin:/usr/bin"})
    assert inv.argv == ("python3",)
    assert interp.executable == "/opt/py/bin/python3.12"


def test_rooted_requires_python(rooted: Path) -> None:
    assert "--root needs --python" in error_of(None, root=str(rooted))


# -- caching ------------------------------------------------------------------------------


def test_cached_answer_notices_a_changed_file(tmp_path: Path) -> None:
    base = PYENV / "3.12.1"
    if not base.exists():
        pytest.skip("pyenv 3.12.1 not installed")
    clear_caches()
    venv = tmp_path / "venv"
    subprocess.run([str(base / "bin" / "python"), "-m", "venv", "--without-pip", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    first, _, _ = discover(py)
    assert first.version.micro == 1
    # a different base install behind the same venv path: the answer must follow
    other = PYENV / "3.11.7"
    if not other.exists():
        pytest.skip("pyenv 3.11.7 not installed")
    for name in ("python", "python3", "python3.12"):
        (venv / "bin" / name).unlink()
    (venv / "bin" / "python").symlink_to(other / "bin" / "python3.11")
    cfg = venv / "pyvenv.cfg"
    cfg.write_text(f"home = {other / 'bin'}\nversion = 3.11.7\n")
    second, _, _ = discover(py)
    assert str(second.version) == "3.11.7"
    assert second.build.prefix == str(other)


def _small_install(tmp_path: Path) -> Path:
    """A copy of pyenv 3.12.1 with only what discovery reads (its libpython stays put:
    the binary's DT_RUNPATH is absolute), and site.py a copy of its own."""
    base = PYENV / "3.12.1"
    if not base.exists():
        pytest.skip("pyenv 3.12.1 not installed")
    inst = tmp_path / "inst"
    _link_or_copy(base / "bin" / "python3.12", inst / "bin" / "python3.12")
    for name in ("os.py", "_sysconfigdata__linux_x86_64-linux-gnu.py"):
        _link_or_copy(base / "lib" / "python3.12" / name, inst / "lib" / "python3.12" / name)
    shutil.copy(base / "lib" / "python3.12" / "site.py", inst / "lib" / "python3.12" / "site.py")
    return inst


def _venv_of(inst: Path, where: Path) -> str:
    (where / "bin").mkdir(parents=True)
    (where / "bin" / "python").symlink_to(inst / "bin" / "python3.12")
    (where / "pyvenv.cfg").write_text(f"home = {inst / 'bin'}\nversion = 3.12.1\n")
    return str(where / "bin" / "python")


def test_venvs_of_one_base_share_its_install_but_each_names_its_own_cfg(tmp_path: Path) -> None:
    from pywhence.target import install

    clear_caches()
    inst = _small_install(tmp_path)
    a, b = _venv_of(inst, tmp_path / "a"), _venv_of(inst, tmp_path / "b")
    first, _, _ = discover(a)
    second, _, _ = discover(b)
    assert len(install._INSTALL_CACHE) == 1  # the second venv reused the first's install
    assert dict(second.provenance)["venv home"].endswith(str(tmp_path / "b" / "pyvenv.cfg"))
    assert all("\x00" not in v and str(tmp_path / "a") not in v for _, v in second.provenance)
    assert (second.version, second.build, second.library) == (first.version, first.build, first.library)
    assert dict(first.provenance)["venv home"].endswith(str(tmp_path / "a" / "pyvenv.cfg"))


def test_a_changed_install_reaches_every_venv_of_it(tmp_path: Path) -> None:
    clear_caches()
    inst = _small_install(tmp_path)
    a, b = _venv_of(inst, tmp_path / "a"), _venv_of(inst, tmp_path / "b")
    assert discover(a)[0].site_flavour == "cpython"
    site = inst / "lib" / "python3.12" / "site.py"
    site.write_text(site.read_text() + "\n# dist-packages\n")
    assert discover(b)[0].site_flavour == "debian"  # a venv not asked before
    assert discover(a)[0].site_flavour == "debian"  # and one asked before


def test_venvs_with_other_versions_do_not_share_an_install(tmp_path: Path) -> None:
    clear_caches()
    inst = _small_install(tmp_path)
    a, b = _venv_of(inst, tmp_path / "a"), _venv_of(inst, tmp_path / "b")
    (tmp_path / "b" / "pyvenv.cfg").write_text(f"home = {inst / 'bin'}\nversion = 3.12.7\n")
    assert discover(a)[0].version.micro == 1
    # the binary's own version wins over pyvenv.cfg's, whichever venv comes first
    assert discover(b)[0].version.micro == 1
    from pywhence.target import install

    assert len(install._INSTALL_CACHE) == 2


# -- parsing ------------------------------------------------------------------------------


def test_sysconfigdata_parsed_without_executing() -> None:
    text = (
        "# system configuration\n"
        "import os; os._exit(3)\n"
        "build_time_vars = {'ABIFLAGS': 't',\n"
        " 'CONFIG_ARGS': \"'--prefix=/x' \"\n"
        "                \"'--enable-shared'\",\n"
        " 'PLATLIBDIR': 'lib64',\n"
        " 'PYTHONPATH': ':plat-x',\n"
        " 'Py_ENABLE_SHARED': 0,\n"
        " 'Py_GIL_DISABLED': 1,\n"
        " 'VERSION': '3.13',\n"
        " 'prefix': '/opt/it\\'s'}\n"
    )
    got = parse_sysconfigdata(text)
    assert got == {
        "ABIFLAGS": "t", "PLATLIBDIR": "lib64", "PYTHONPATH": ":plat-x", "Py_ENABLE_SHARED": 0,
        "Py_GIL_DISABLED": 1, "VERSION": "3.13", "prefix": "/opt/it's",
    }


def test_never_spawns_a_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without --probe, discovery must not start anything: every way to spawn is cut."""
    venvs = []
    for python in INTERPRETERS:
        v = tmp_path / f"v{len(venvs)}"
        subprocess.run([python, "-m", "venv", "--without-pip", str(v)], check=True)
        venvs.append(str(v / "bin" / "python"))

    def forbidden(*a: Any, **k: Any) -> Any:
        raise AssertionError("discovery tried to start a process")

    monkeypatch.setattr(subprocess, "Popen", forbidden)
    for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system", "popen",
                 "execv", "execve", "execvp", "execvpe", "spawnv", "spawnve"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, forbidden)
    clear_caches()
    for python in [*INTERPRETERS, *venvs, None]:
        interp, _, _ = discover(python)
        assert interp.version.xy >= (3, 8)


def test_executable_bits_are_what_counts(tmp_path: Path) -> None:
    """A file readable and executable through a symlink chain is found; mode is checked."""
    base = PYENV / "3.12.1" / "bin" / "python3.12"
    if not base.exists():
        pytest.skip("pyenv 3.12.1 not installed")
    (tmp_path / "py").symlink_to(base)
    interp, _, _ = discover(str(tmp_path / "py"))
    assert interp.executable == str(base)
    assert os.stat(base).st_mode & stat.S_IXUSR


def test_relative_path_through_a_symlinked_dir_resolves_physically(tmp_path: Path) -> None:
    """``link/../bin/python`` is what the kernel opens: ``..`` of the link's target."""
    base = PYENV / "3.12.1"
    if not base.exists():
        pytest.skip("pyenv 3.12.1 not installed")
    (tmp_path / "link").symlink_to(base / "lib")
    interp, inv, _ = discover("link/../bin/python3.12", cwd=str(tmp_path))
    assert inv.argv == ("link/../bin/python3.12",)
    assert interp.executable == str(base / "bin" / "python3.12")


def test_symlinked_cwd_is_physical(tmp_path: Path) -> None:
    """getcwd() never holds a symlink: the invocation's cwd is the resolved one."""
    base = PYENV / "3.12.1"
    if not base.exists():
        pytest.skip("pyenv 3.12.1 not installed")
    (tmp_path / "binlink").symlink_to(base / "bin")
    interp, inv, _ = discover("./python3.12", cwd=str(tmp_path / "binlink"))
    assert inv.cwd == str(base / "bin")
    assert inv.argv[0] == "./python3.12"
    assert interp.executable == str(base / "bin" / "python3.12")
