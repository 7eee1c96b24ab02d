"""The three filesystem views agree with the real disk on the same tree.

A tree of files, directories and symlinks (relative, absolute, chained, dangling,
looping) is built on disk; the same tree is described to MemoryFS and seen through
RootedFS.  The host's own os.path.realpath / os.path.isfile / ... are the oracle.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pywhence.disk.fs import (
    LocalFS,
    MemoryFS,
    RootedFS,
    readlink_chain,
    realpath_lax,
    realpath_strict,
)
from pywhence.errors import RootEscapeError

# path -> ("file", text) | ("dir", None) | ("link", target); "xfile" is an executable file
TREE: dict[str, tuple[str, str | None]] = {
    "/opt/py/bin/python3.12": ("xfile", ""),
    "/opt/py/bin/python3": ("link", "python3.12"),
    "/opt/py/bin/python": ("link", "python3"),
    "/opt/py/lib/python3.12/os.py": ("file", "# os"),
    "/opt/py/lib/python3.12/lib-dynload": ("dir", None),
    "/opt/py/share/readme": ("file", "x"),
    "/venv/bin/python": ("link", "/opt/py/bin/python3"),
    "/venv/bin/up": ("link", "../../opt/py/bin/python"),
    "/venv/pyvenv.cfg": ("file", "home = /opt/py/bin\n"),
    "/venv/lib": ("link", "/opt/py/lib"),
    "/loop/a": ("link", "b"),
    "/loop/b": ("link", "a"),
    "/dangling/x": ("link", "/nowhere/y"),
    "/deep/link": ("link", "../opt/py/bin"),
    "/plain/noexec": ("file", "text"),
}

PROBES = [
    "/opt/py/bin/python",
    "/opt/py/bin/python3.12",
    "/venv/bin/python",
    "/venv/bin/up",
    "/venv/lib/python3.12/os.py",
    "/venv/lib/python3.12/../python3.12/os.py",
    "/deep/link/python3",
    "/deep/link/../lib/python3.12",
    "/loop/a",
    "/dangling/x",
    "/missing/file",
    "/opt/py/share/readme/child",
    "/opt/py/bin/python/..",
    "/plain/noexec",
    "/",
]


def build_on_disk(root: Path, *, reroot_links: bool = True) -> None:
    for path, (kind, value) in TREE.items():
        host = root / path.lstrip("/")
        host.parent.mkdir(parents=True, exist_ok=True)
        if kind in ("file", "xfile"):
            host.write_text(value or "")
            if kind == "xfile":
                host.chmod(0o755)
            else:
                host.chmod(0o644)
        elif kind == "dir":
            host.mkdir(parents=True, exist_ok=True)
        else:
            assert value is not None
            # absolute targets are re-rooted so the host oracle sees the same tree
            target = str(root) + value if value.startswith("/") and reroot_links else value
            os.symlink(target, host)


def memory_fs() -> MemoryFS:
    files = {p: v or "" for p, (k, v) in TREE.items() if k in ("file", "xfile")}
    dirs = [p for p, (k, _) in TREE.items() if k == "dir"]
    links = {p: v or "" for p, (k, v) in TREE.items() if k == "link"}
    execs = [p for p, (k, _) in TREE.items() if k == "xfile"]
    return MemoryFS("posix", files=files, dirs=dirs, symlinks=links, executables=execs)


@pytest.fixture(scope="module")
def disk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tree for the host oracle: absolute links point into the temp folder."""
    root = tmp_path_factory.mktemp("tree")
    build_on_disk(root)
    return Path(os.path.realpath(root))


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same tree as an unpacked image: absolute links as stored, meant for --root."""
    root = tmp_path_factory.mktemp("image")
    build_on_disk(root, reroot_links=False)
    return Path(os.path.realpath(root))


def c_realpath(path: str) -> str | None:
    """realpath(3) of the C library: the oracle for realpath_strict."""
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.realpath.restype = ctypes.c_void_p
    libc.realpath.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    buf = ctypes.create_string_buffer(4096)
    res = libc.realpath(path.encode(), buf)
    if not res:
        return None
    return buf.value.decode()


def host_oracle(root: Path, probe: str) -> dict[str, object]:
    host = str(root) + probe if probe != "/" else str(root)
    strict = c_realpath(host)

    def unroot(p: str | None) -> str | None:
        if p is None:
            return None
        assert p == str(root) or p.startswith(str(root) + "/"), p
        return "/" if p == str(root) else p[len(str(root)):]

    return {
        "is_file": os.path.isfile(host),
        "is_dir": os.path.isdir(host),
        "exists": os.path.exists(host),
        "is_link": os.path.islink(host),
        "xfile": os.path.isfile(host) and os.access(host, os.X_OK),
        "strict": unroot(strict),
        "lax": unroot(os.path.realpath(host)),
    }


def view_answers(fs: object, probe: str) -> dict[str, object]:
    from pywhence.disk.fs import FileSystem

    assert isinstance(fs, FileSystem)
    try:
        strict: str | None = realpath_strict(fs, probe)
    except OSError:
        strict = None
    return {
        "is_file": fs.is_file(probe),
        "is_dir": fs.is_dir(probe),
        "exists": fs.exists(probe),
        "is_link": fs.is_link(probe),
        "xfile": fs.is_xfile(probe),
        "strict": strict,
        "lax": realpath_lax(fs, probe),
    }


@pytest.mark.parametrize("probe", PROBES)
@pytest.mark.parametrize("view", ["memory", "rooted"])
def test_views_agree_with_host(disk: Path, image: Path, probe: str, view: str) -> None:
    expected = host_oracle(disk, probe)
    fs = memory_fs() if view == "memory" else RootedFS(str(image))
    assert view_answers(fs, probe) == expected


def test_localfs_matches_host(disk: Path) -> None:
    fs = LocalFS()
    for probe in PROBES:
        host = str(disk) + probe if probe != "/" else str(disk)
        assert fs.is_file(host) == os.path.isfile(host), probe
        assert fs.is_dir(host) == os.path.isdir(host), probe
        assert fs.is_xfile(host) == (os.path.isfile(host) and os.access(host, os.X_OK)), probe


def test_readlink_chain_resolves_last_component_only() -> None:
    fs = memory_fs()
    # /deep/link is a symlinked *directory*: getpath's rule leaves it alone
    assert readlink_chain(fs, "/deep/link/python3") == "/deep/link/python3.12"
    assert readlink_chain(fs, "/venv/bin/up") == "/opt/py/bin/python3.12"
    assert readlink_chain(fs, "/venv/bin/up", normalize=False) == "/venv/bin/../../opt/py/bin/python3.12"
    with pytest.raises(OSError):
        readlink_chain(fs, "/loop/a")
    assert readlink_chain(fs, "/plain/noexec") == "/plain/noexec"


def test_memory_read_and_list() -> None:
    fs = memory_fs()
    assert fs.read_bytes("/venv/pyvenv.cfg") == b"home = /opt/py/bin\n"
    assert fs.read_bytes("/venv/lib/python3.12/os.py", limit=2) == b"# "
    assert sorted(fs.list_dir("/opt/py/bin")) == ["python", "python3", "python3.12"]
    with pytest.raises(IsADirectoryError):
        fs.read_bytes("/opt/py/lib")
    with pytest.raises(FileNotFoundError):
        fs.read_bytes("/dangling/x")
    with pytest.raises(OSError):
        fs.read_bytes("/loop/a")


def test_rooted_never_leaves_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    secret = tmp_path / "secret"
    secret.write_text("outside")
    (root / "etc" / "up").symlink_to("../../../../secret")  # climbs: stops at the root
    (root / "etc" / "abs").symlink_to(str(secret))  # absolute: re-rooted
    fs = RootedFS(str(root))
    assert realpath_lax(fs, "/etc/up") == "/secret"
    assert not fs.exists("/etc/up")
    assert not fs.exists("/etc/abs")
    with pytest.raises(FileNotFoundError):
        fs.read_bytes("/etc/abs")
    assert fs.host_path("/../../x") == str(Path(os.path.realpath(root)) / "x")


def test_rooted_root_must_be_a_directory(tmp_path: Path) -> None:
    with pytest.raises(RootEscapeError):
        RootedFS(str(tmp_path / "nope"))


def test_nt_memory_is_case_insensitive_and_keeps_case() -> None:
    fs = MemoryFS(
        "nt",
        files={"C:\\Python312\\Lib\\os.py": "", "C:\\Python312\\python.exe": ""},
    )
    assert fs.is_file("c:/python312/lib/OS.PY")
    assert fs.is_xfile("C:\\PYTHON312\\PYTHON.EXE")
    assert not fs.is_xfile("C:\\Python312\\Lib\\os.py")
    assert fs.list_dir("c:\\python312") == ["Lib", "python.exe"]


def test_read_through_a_file_is_not_a_directory(disk: Path) -> None:
    """open() says ENOTDIR for a path that goes through a file, and so do the views."""
    host = str(disk) + "/plain/noexec/pyvenv.cfg"
    with pytest.raises(NotADirectoryError), open(host, "rb"):
        pass
    with pytest.raises(NotADirectoryError):
        memory_fs().read_bytes("/plain/noexec/pyvenv.cfg")
    with pytest.raises(NotADirectoryError):
        LocalFS().read_bytes(host)


def test_localfs_listing_follows_changes(tmp_path: Path) -> None:
    """The remembered listing is never stale: adding or removing a name shows at once."""
    fs = LocalFS()
    d = tmp_path / "site-packages"
    d.mkdir()
    assert fs.list_dir(str(d)) == []
    (d / "a.pth").write_text("x\n")
    assert fs.list_dir(str(d)) == ["a.pth"]
    (d / "a.pth").rename(d / "b.pth")
    assert fs.list_dir(str(d)) == ["b.pth"]
    (d / "b.pth").unlink()
    assert fs.list_dir(str(d)) == []
    with pytest.raises(NotADirectoryError):
        (tmp_path / "f").write_text("")
        fs.list_dir(str(tmp_path / "f"))
    with pytest.raises(FileNotFoundError):
        fs.list_dir(str(tmp_path / "missing"))


@pytest.mark.parametrize("probe", PROBES)
def test_memo_view_answers_like_its_inner_view(disk: Path, probe: str) -> None:
    from pywhence.disk.fs import MemoFS

    memo = MemoFS(memory_fs())
    first = view_answers(memo, probe)
    assert first == view_answers(memory_fs(), probe)
    assert view_answers(memo, probe) == first  # remembered answers, errors included
    with pytest.raises(OSError):
        memo.read_bytes("/loop/a")
    with pytest.raises(OSError):
        memo.read_bytes("/loop/a")
