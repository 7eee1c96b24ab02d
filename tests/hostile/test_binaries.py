"""Garbage where the interpreter should be (issue 12, cases 5 and 8).

A truncated or corrupt executable is no CPython, whatever lies around it: the stdlib
beside it, the program's name, a ``pyvenv.cfg`` naming a version all describe an
install, not the file (docs/discovery.md, "Trust").  Symlink chains end where the
kernel's do: 40 links.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from .helpers import BASE, need_base
from .helpers import pywhence as run

TRUNCATED = "is not a CPython interpreter (truncated or unreadable executable: "
REAL = BASE / "bin" / "python3.12"


def _install(tmp_path: Path, body: bytes, name: str = "python3.11") -> Path:
    """``bin/<name>`` holding *body*, beside a stdlib that names a version."""
    prefix = tmp_path / "g"
    (prefix / "bin").mkdir(parents=True)
    (prefix / "lib" / "python3.11").mkdir(parents=True)
    (prefix / "lib" / "python3.11" / "os.py").write_text("")
    exe = prefix / "bin" / name
    exe.write_bytes(body)
    exe.chmod(0o755)
    return exe


def _real() -> bytes:
    need_base()
    return REAL.read_bytes()


def _corrupt_shoff(data: bytes) -> bytes:
    out = bytearray(data)
    struct.pack_into("<Q", out, 0x28, len(data) * 4)  # e_shoff far past the end
    return bytes(out)


def _corrupt_phoff(data: bytes) -> bytes:
    out = bytearray(data)
    struct.pack_into("<Q", out, 0x20, 2**40)  # e_phoff past any file
    return bytes(out)


MACHO_64 = b"\xcf\xfa\xed\xfe" + struct.pack("<iiIII", 0x01000007, 3, 2, 12, 1500) + b"\0" * 40
FAT = b"\xca\xfe\xba\xbe" + struct.pack(">I", 2) + struct.pack(">IIIII", 7, 3, 4096, 10**6, 12) + b"\0" * 36
MZ = b"MZ" + b"\0" * 62


@pytest.mark.parametrize("make", [
    pytest.param(lambda: _real()[:64], id="first-64-bytes"),
    pytest.param(lambda: _real()[:4096], id="first-4-KiB"),
    pytest.param(lambda: _real()[: len(_real()) // 2], id="first-half"),
    pytest.param(lambda: _corrupt_shoff(_real()), id="corrupt-section-offset"),
    pytest.param(lambda: _corrupt_phoff(_real()), id="corrupt-program-header-offset"),
    pytest.param(lambda: b"\x7fELF\x02\x01\x01" + b"\0" * 20, id="27-byte-elf"),
    pytest.param(lambda: MACHO_64, id="64-byte-mach-o"),
    pytest.param(lambda: FAT, id="universal-stub"),
    pytest.param(lambda: MZ, id="64-byte-mz"),
])
def test_garbage_binary_is_no_cpython(tmp_path: Path, make: object) -> None:
    exe = _install(tmp_path, make())  # type: ignore[operator]
    msg = run("path", "--python", str(exe), "--clear-env").one_line_error()
    assert TRUNCATED in msg, msg


def test_a_venv_version_does_not_vouch_for_a_truncated_binary(tmp_path: Path) -> None:
    # pyvenv.cfg's version is the venv's word about its base, not the binary's
    exe = _install(tmp_path, _real()[:4096], name="python")
    (exe.parent.parent / "pyvenv.cfg").write_text(
        f"home = {BASE / 'bin'}\nversion = 3.12.1\ninclude-system-site-packages = false\n")
    msg = run("path", "--python", str(exe), "--clear-env").one_line_error()
    assert TRUNCATED in msg


def test_the_whole_binary_is_cpython(tmp_path: Path) -> None:
    exe = _install(tmp_path, _real(), name="python3.12")
    r = run("path", "--python", str(exe), "--clear-env")
    r.clean()
    assert r.code in (0, 3) and r.out.startswith("Python 3.12.1")


@pytest.mark.parametrize(("body", "what"), [
    (b"", "unknown file format"),
    (b"\x00garbage" + bytes(range(256)) * 16, "unknown file format"),
    (b"#!/bin/sh\nexec python3 \"$@\"\n", "wrapper script"),
])
def test_other_non_programs(tmp_path: Path, body: bytes, what: str) -> None:
    exe = _install(tmp_path, body)
    assert what in run("path", "--python", str(exe), "--clear-env").one_line_error()


def test_a_whole_pe_file_on_a_posix_disk(tmp_path: Path) -> None:
    # a PE header with no sections is whole; a Windows program is modelled from worlds
    pe = bytearray(MZ + b"\0" * 64)
    struct.pack_into("<I", pe, 0x3C, 64)
    pe[64:68] = b"PE\0\0"
    exe = _install(tmp_path, bytes(pe), name="python.exe")
    assert "is a Windows program" in run("path", "--python", str(exe), "--clear-env").one_line_error()


def _chain(tmp_path: Path, n: int) -> Path:
    """A chain of *n* symlinks ending at the real interpreter."""
    need_base()
    d = tmp_path / "chain"
    d.mkdir(exist_ok=True)
    (d / "l0").symlink_to(REAL)
    for i in range(1, n):
        (d / f"l{i}").symlink_to(f"l{i - 1}")
    return d / f"l{n - 1}"


def test_41_symlinks_are_too_many(tmp_path: Path) -> None:
    msg = run("path", "--python", str(_chain(tmp_path, 41)), "--clear-env").one_line_error()
    assert msg.endswith("cannot be run: too many levels of symbolic links "
                        "(more than 40 symlinks on the way)"), msg


def test_40_symlinks_are_followed(tmp_path: Path) -> None:
    r = run("path", "--python", str(_chain(tmp_path, 40)), "--clear-env")
    r.clean()
    assert r.code in (0, 3) and r.out.startswith("Python 3.12.1")


def test_a_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    msg = run("path", "--python", str(tmp_path / "a"), "--clear-env").one_line_error()
    assert msg.endswith("(a symlink loop)")


def test_41_symlinks_under_root(image: Path) -> None:
    d = image / "chain"
    d.mkdir()
    (d / "l0").symlink_to("/usr/bin/python3")
    for i in range(1, 41):
        (d / f"l{i}").symlink_to(f"l{i - 1}")
    msg = run("path", "--root", str(image), "--python", "/chain/l40").one_line_error()
    assert "too many levels of symbolic links" in msg
