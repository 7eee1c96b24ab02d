"""cache=True: compiled once, reused while the source is unchanged, import rules.

The tests tell a reused compilation from a fresh one without timing: either
by counting calls to ``compile`` made by pywhence.run, or by planting a
bytecode file whose code differs from the source and seeing which one runs.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import marshal
import os
import py_compile
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pywhence.run import cache as run_cache
from pywhence.run import clear_cache, run_path
from pywhence.run import script as run_script

from .helpers import make_zip, pyc_path, write


class CompileCounter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return compile(*args, **kwargs)


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> CompileCounter:
    """Counts the compilations pywhence.run does (run/script.py calls the builtin by name)."""
    counter = CompileCounter()
    monkeypatch.setattr(run_script, "compile", counter, raising=False)
    return counter


def plant_pyc(source: Path, code_text: str, header: bytes) -> Path:
    """Put at the cache location a pyc with *header* and the code of *code_text*."""
    target = pyc_path(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    code = compile(code_text, str(source), "exec", dont_inherit=True)
    target.write_bytes(header + marshal.dumps(code))
    return target


def timestamp_header(source: Path) -> bytes:
    st = source.stat()
    return (
        importlib.util.MAGIC_NUMBER
        + b"\0\0\0\0"
        + (int(st.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little")
        + (st.st_size & 0xFFFFFFFF).to_bytes(4, "little")
    )


def hash_header(source: Path, checked: bool) -> bytes:
    flags = 0b11 if checked else 0b01
    return (
        importlib.util.MAGIC_NUMBER
        + flags.to_bytes(4, "little")
        + importlib.util.source_hash(source.read_bytes())
    )


def rewrite_keeping(source: Path, text: str, *, mtime_ns: int | None = None) -> None:
    """Rewrite *source*, then set its mtime (default: the old one)."""
    old = source.stat()
    source.write_text(text, encoding="utf-8")
    when = old.st_mtime_ns if mtime_ns is None else mtime_ns
    os.utime(source, ns=(when, when))


# --- disk ----------------------------------------------------------------


def test_writes_a_timestamp_pyc_importlib_accepts(tmp_path: Path, writes_bytecode: None) -> None:
    source = write(tmp_path / "mod.py", "value = 'source'\n")
    assert run_path(source, cache=True)["value"] == "source"
    data = pyc_path(source).read_bytes()
    assert data[:16] == timestamp_header(source)
    code = marshal.loads(data[16:])
    assert code.co_filename == str(source)
    # The import system takes our header as valid: with the code swapped
    # behind it, importlib runs the swapped code instead of the source.
    swapped = compile("value = 'swapped'\n", str(source), "exec", dont_inherit=True)
    pyc_path(source).write_bytes(data[:16] + marshal.dumps(swapped))
    loader = importlib.machinery.SourceFileLoader("mod", str(source))
    namespace: dict[str, Any] = {}
    exec(loader.get_code("mod"), namespace)  # noqa: S102 - what importlib would run
    assert namespace["value"] == "swapped"
    assert not [p for p in pyc_path(source).parent.iterdir() if p.suffix == ".tmp"]


def test_valid_pyc_on_disk_is_used(tmp_path: Path, writes_bytecode: None) -> None:
    source = write(tmp_path / "mod.py", "value = 'source'\n")
    plant_pyc(source, "value = 'planted'\n", timestamp_header(source))
    assert run_path(source, cache=True)["value"] == "planted"
    # Without cache, runpy semantics: the source is compiled, no pyc is read.
    assert run_path(source)["value"] == "source"


def test_same_size_newer_mtime_invalidates(
    tmp_path: Path, writes_bytecode: None, compiles: CompileCounter
) -> None:
    source = write(tmp_path / "mod.py", "value = 1\n")
    assert run_path(source, cache=True)["value"] == 1
    old_mtime = source.stat().st_mtime_ns
    rewrite_keeping(source, "value = 2\n", mtime_ns=old_mtime + 5_000_000_000)
    assert run_path(source, cache=True)["value"] == 2  # memory entry is stale
    clear_cache()
    assert run_path(source, cache=True)["value"] == 2  # and so was the pyc
    assert compiles.calls == 2


def test_same_mtime_other_size_invalidates(
    tmp_path: Path, writes_bytecode: None, compiles: CompileCounter
) -> None:
    source = write(tmp_path / "mod.py", "value = 1\n")
    assert run_path(source, cache=True)["value"] == 1
    rewrite_keeping(source, "value = 222\n")
    assert run_path(source, cache=True)["value"] == 222
    clear_cache()
    rewrite_keeping(source, "value = 33\n")
    assert run_path(source, cache=True)["value"] == 33
    assert compiles.calls == 3


def test_checked_hash_pyc_is_checked_against_the_source(
    tmp_path: Path, writes_bytecode: None
) -> None:
    source = write(tmp_path / "mod.py", "value = 'source'\n")
    plant_pyc(source, "value = 'planted'\n", hash_header(source, checked=True))
    assert run_path(source, cache=True)["value"] == "planted"  # hash matches
    # Same size, same mtime, other content: only the hash can tell.
    rewrite_keeping(source, "value = 'SOURCE'\n")
    assert run_path(source, cache=True)["value"] == "SOURCE"  # memory rechecks
    clear_cache()
    rewrite_keeping(source, "value = 'sOURCE'\n")
    assert run_path(source, cache=True)["value"] == "sOURCE"  # disk rechecks
    # The rewritten pyc is still a checked hash-based one, for the new source.
    data = pyc_path(source).read_bytes()
    assert data[:16] == hash_header(source, checked=True)


def test_py_compile_checked_hash_pyc(tmp_path: Path, writes_bytecode: None) -> None:
    source = write(tmp_path / "mod.py", "value = 1\n")
    py_compile.compile(
        str(source),
        cfile=str(pyc_path(source)),
        invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
        doraise=True,
    )
    rewrite_keeping(source, "value = 2\n")
    assert run_path(source, cache=True)["value"] == 2


def test_unchecked_hash_pyc_is_trusted_like_imports_do(
    tmp_path: Path, writes_bytecode: None
) -> None:
    source = write(tmp_path / "mod.py", "value = 'source'\n")
    plant_pyc(source, "value = 'planted'\n", hash_header(source, checked=False))
    rewrite_keeping(source, "value = 'changed, longer'\n", mtime_ns=10**18)
    assert run_path(source, cache=True)["value"] == "planted"


def test_damaged_pyc_is_replaced(tmp_path: Path, writes_bytecode: None) -> None:
    source = write(tmp_path / "mod.py", "value = 'source'\n")
    target = plant_pyc(source, "value = 'planted'\n", timestamp_header(source))
    target.write_bytes(target.read_bytes()[:20])
    assert run_path(source, cache=True)["value"] == "source"
    assert marshal.loads(target.read_bytes()[16:]).co_filename == str(source)


def test_pycache_prefix_is_honoured(tmp_path: Path, writes_bytecode: None) -> None:
    sys.pycache_prefix = str(tmp_path / "prefix")
    source = write(tmp_path / "src" / "mod.py", "value = 1\n")
    run_path(source, cache=True)
    expected = Path(importlib.util.cache_from_source(str(source)))
    assert str(expected).startswith(str(tmp_path / "prefix"))
    assert expected.is_file()
    assert not (source.parent / "__pycache__").exists()


def test_code_names_the_path_as_given(
    tmp_path: Path, writes_bytecode: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bytecode written under one spelling of the path is fixed up when read
    under another, as importlib does, so tracebacks name the path given."""
    source = write(tmp_path / "mod.py", "def f():\n    return 1\n")
    monkeypatch.chdir(tmp_path)
    relative = run_path("mod.py", cache=True)
    assert relative["f"].__code__.co_filename == "mod.py"
    clear_cache()
    absolute = run_path(str(source), cache=True)
    assert absolute["f"].__code__.co_filename == str(source)
    again = run_path("mod.py", cache=True)
    assert again["f"].__code__.co_filename == "mod.py"


# --- no writing ------------------------------------------------------------


@pytest.mark.parametrize("how", ["sys.dont_write_bytecode", "PYTHONDONTWRITEBYTECODE"])
def test_no_write_but_memory_cache_serves(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    compiles: CompileCounter,
    how: str,
) -> None:
    if how == "sys.dont_write_bytecode":
        monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
        monkeypatch.setattr(sys, "dont_write_bytecode", True)
    else:
        monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
        monkeypatch.setattr(sys, "dont_write_bytecode", False)
    source = write(tmp_path / "mod.py", "value = 1\n")
    for _ in range(3):
        assert run_path(source, cache=True)["value"] == 1
    assert compiles.calls == 1
    assert not (tmp_path / "__pycache__").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mod.py"]


@pytest.fixture
def unwritable_dir(tmp_path: Path) -> Iterator[Path]:
    """A directory this process really cannot write into.

    As root, permission bits do not stop writes, so the effective uid is
    switched to nobody around the test body (and back)."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="pywhence-ro-"))
    base.chmod(0o755)
    target = base / "ro"
    target.mkdir()
    write(target / "mod.py", "value = 'ran'\n").chmod(0o644)
    target.chmod(0o555)
    switched = False
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.seteuid(65534)
        switched = True
    try:
        yield target
    finally:
        if switched:
            os.seteuid(0)
        target.chmod(0o755)
        import shutil

        shutil.rmtree(base)


def test_read_only_directory_does_not_fail(
    unwritable_dir: Path, writes_bytecode: None, compiles: CompileCounter
) -> None:
    with pytest.raises(OSError):
        (unwritable_dir / "probe").write_text("x")  # really unwritable
    for _ in range(2):
        assert run_path(unwritable_dir / "mod.py", cache=True)["value"] == "ran"
    assert compiles.calls == 1
    assert sorted(p.name for p in unwritable_dir.iterdir()) == ["mod.py"]


def test_pycache_that_is_a_file_does_not_fail(
    tmp_path: Path, writes_bytecode: None, compiles: CompileCounter
) -> None:
    source = write(tmp_path / "mod.py", "value = 1\n")
    (tmp_path / "__pycache__").write_text("not a directory")
    for _ in range(2):
        assert run_path(source, cache=True)["value"] == 1
    assert compiles.calls == 1
    assert (tmp_path / "__pycache__").read_text() == "not a directory"


def test_unusable_pycache_prefix_does_not_fail(tmp_path: Path, writes_bytecode: None) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a directory should be")
    sys.pycache_prefix = str(blocker / "prefix")
    source = write(tmp_path / "mod.py", "value = 1\n")
    assert run_path(source, cache=True)["value"] == 1


# --- directories and zips ----------------------------------------------------


def test_directory_main_is_cached(
    tmp_path: Path, writes_bytecode: None, compiles: CompileCounter
) -> None:
    main = write(tmp_path / "app" / "__main__.py", "value = 1\n")
    for _ in range(2):
        result = run_path(tmp_path / "app", cache=True)
        assert result["value"] == 1
    assert compiles.calls == 1
    assert pyc_path(main).is_file()
    assert result["__cached__"] == str(pyc_path(main))
    rewrite_keeping(main, "value = 2\n", mtime_ns=main.stat().st_mtime_ns + 10**9)
    assert run_path(tmp_path / "app", cache=True)["value"] == 2


def test_zip_main_is_cached_in_memory(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "app.zip", {"__main__.py": "value = 1\n"})
    first = run_path(archive, cache=True)
    second = run_path(archive, cache=True)
    assert first["value"] == second["value"] == 1
    key = (str(archive / "__main__.py"), str(archive / "__main__.py"))
    assert key in run_cache._MEMORY_CACHE
    make_zip(archive, {"__main__.py": "value = 2\n# longer\n"})
    assert run_path(archive, cache=True)["value"] == 2


def test_globals_are_the_same_with_and_without_cache(tmp_path: Path) -> None:
    source = write(tmp_path / "mod.py", "value = 1\n")
    plain = run_path(source)
    cached = run_path(source, cache=True)
    again = run_path(source, cache=True)
    strip = {"__builtins__"}
    assert {k: v for k, v in plain.items() if k not in strip} == {
        k: v for k, v in cached.items() if k not in strip
    }
    assert cached.keys() == again.keys()
