"""Input that cannot be run: runpy's exception type (or a subclass), naming the path.

Also the deliberate difference: ``__main__`` is looked up only inside the
given directory or zipfile (CPython gh-75221).
"""

from __future__ import annotations

import os
import py_compile
import runpy
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pywhence.run import (
    BadBytecodeError,
    BadMagicNumberError,
    CorruptZipError,
    InvalidScriptError,
    MainLoadError,
    MainNotFoundError,
    RunPathError,
    run_path,
)

from .helpers import make_zip, write


def _old_magic_pyc(tmp_path: Path) -> Path:
    """A valid pyc whose magic number is Python 3.8's (3413)."""
    source = write(tmp_path / "old_src.py", "x = 1\n")
    pyc = tmp_path / "old.pyc"
    py_compile.compile(str(source), cfile=str(pyc), doraise=True)
    data = bytearray(pyc.read_bytes())
    data[0:2] = (3413).to_bytes(2, "little")
    pyc.write_bytes(bytes(data))
    return pyc


def _truncated_zip(tmp_path: Path) -> Path:
    whole = make_zip(tmp_path / "whole.zip", {"__main__.py": "x = 1\n" * 50})
    path = tmp_path / "truncated.zip"
    path.write_bytes(whole.read_bytes()[:60])
    return path


def _bad_central_directory_zip(tmp_path: Path) -> Path:
    """A zip whose end record points past the end of the file."""
    whole = make_zip(tmp_path / "whole2.zip", {"__main__.py": "x = 1\n"})
    data = bytearray(whole.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    data[end + 16 : end + 20] = (len(data) + 1000).to_bytes(4, "little")
    path = tmp_path / "badcd.zip"
    path.write_bytes(bytes(data))
    return path


def _garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.bin"
    path.write_bytes(bytes(range(256)) * 4)
    return path


def _not_utf8(tmp_path: Path) -> Path:
    path = tmp_path / "latin.py"
    path.write_bytes("s = 'caf\xe9'\n".encode("latin-1"))
    return path


def _truncated_pyc(tmp_path: Path) -> Path:
    source = write(tmp_path / "t_src.py", "x = 1\n" * 100)
    pyc = tmp_path / "truncated.pyc"
    py_compile.compile(str(source), cfile=str(pyc), doraise=True)
    pyc.write_bytes(pyc.read_bytes()[:40])
    return pyc


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], type[BaseException]]] = {
    "missing": (lambda p: p / "missing.py", FileNotFoundError),
    "dir_without_main": (lambda p: (p / "empty").mkdir() or p / "empty", MainNotFoundError),
    "zip_without_main": (
        lambda p: make_zip(p / "nomain.zip", {"other.py": "x = 1\n"}),
        MainNotFoundError,
    ),
    "truncated_zip": (_truncated_zip, CorruptZipError),
    "bad_central_directory_zip": (_bad_central_directory_zip, CorruptZipError),
    "pyc_of_other_version": (_old_magic_pyc, BadMagicNumberError),
    "binary_garbage": (_garbage, InvalidScriptError),
    "not_utf8_without_cookie": (_not_utf8, InvalidScriptError),
    "truncated_pyc": (_truncated_pyc, BadBytecodeError),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_raises_runpys_type_or_a_subclass(tmp_path: Path, case: str) -> None:
    make, ours = BAD_INPUTS[case]
    path = make(tmp_path)
    with pytest.raises(BaseException) as runpy_info:
        runpy.run_path(str(path))
    with pytest.raises(BaseException) as our_info:
        run_path(str(path))
    assert isinstance(our_info.value, type(runpy_info.value))
    assert isinstance(our_info.value, ours)
    assert str(path) in str(our_info.value)
    if ours is not FileNotFoundError:
        assert isinstance(our_info.value, RunPathError)
        assert our_info.value.path == str(path)


def test_pyc_of_other_version_names_both_versions(tmp_path: Path) -> None:
    with pytest.raises(BadMagicNumberError) as info:
        run_path(_old_magic_pyc(tmp_path))
    message = str(info.value)
    assert "Python 3.8" in message
    assert "{}.{}".format(*sys.version_info[:2]) in message


def test_pyc_is_detected_by_magic_number_not_name(tmp_path: Path) -> None:
    source = write(tmp_path / "src.py", "value = 'from bytecode'\n")
    disguised = tmp_path / "looks_like_source.py"
    py_compile.compile(str(source), cfile=str(disguised), doraise=True)
    assert run_path(disguised)["value"] == "from bytecode"
    assert runpy.run_path(str(disguised))["value"] == "from bytecode"


def test_genuine_syntax_error_stays_a_plain_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.py", "x = 1\ndef (:\n")
    with pytest.raises(SyntaxError) as info:
        run_path(str(path))
    assert not isinstance(info.value, RunPathError)
    assert info.value.filename == str(path)
    assert info.value.lineno == 2


def test_main_is_looked_up_only_in_the_directory(tmp_path: Path) -> None:
    """gh-75221: runpy finds some other __main__ on sys.path; we must not."""
    elsewhere = write(tmp_path / "elsewhere" / "__main__.py", "who = 'impostor'\n").parent
    empty = tmp_path / "empty"
    empty.mkdir()
    sys.path.append(str(elsewhere))
    with pytest.raises(MainNotFoundError) as info:
        run_path(str(empty))
    assert str(empty) in str(info.value)
    assert "can't find '__main__' module in" in str(info.value)


def test_main_recursion_is_an_import_error_not_recursion(tmp_path: Path) -> None:
    """CPython's test_main_recursion_error: a zip's __main__ running an empty
    directory re-ran itself until RecursionError under runpy."""
    empty = tmp_path / "empty"
    empty.mkdir()
    source = f"from pywhence.run import run_path\nrun_path({str(empty)!r})\n"
    archive = make_zip(tmp_path / "app.zip", {"__main__.py": source})
    with pytest.raises(MainNotFoundError):
        run_path(str(archive))


def test_main_package_is_not_runnable(tmp_path: Path) -> None:
    target = tmp_path / "app"
    write(target / "__main__" / "__init__.py", "x = 1\n")
    with pytest.raises(MainNotFoundError) as info:
        run_path(str(target))
    assert "package" in str(info.value)


def test_stale_main_pyc_in_directory_is_a_load_error(tmp_path: Path) -> None:
    target = tmp_path / "app"
    target.mkdir()
    (target / "__main__.pyc").write_bytes(_old_magic_pyc(tmp_path).read_bytes())
    with pytest.raises(ImportError) as runpy_info:
        runpy.run_path(str(target))
    with pytest.raises(MainLoadError) as info:
        run_path(str(target))
    assert isinstance(info.value, type(runpy_info.value))
    assert str(target) in str(info.value)
    assert "magic" in str(info.value)


def test_error_types_catchable_as_runpys() -> None:
    assert issubclass(InvalidScriptError, SyntaxError)
    assert issubclass(InvalidScriptError, ValueError)
    assert issubclass(MainNotFoundError, ImportError)
    assert issubclass(BadBytecodeError, EOFError)
    assert issubclass(BadBytecodeError, ValueError)


def test_errors_pickle(tmp_path: Path) -> None:
    import pickle

    for exc in (
        MainNotFoundError("m", path="/p"),
        InvalidScriptError("i", path="/q"),
        BadBytecodeError("b", path="/r"),
    ):
        clone = pickle.loads(pickle.dumps(exc))
        assert type(clone) is type(exc)
        assert str(clone) == str(exc)
        assert clone.path == exc.path


def test_type_errors_match_runpy() -> None:
    for bad in (42, None):
        with pytest.raises(TypeError):
            runpy.run_path(bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            run_path(bad)  # type: ignore[arg-type]


def test_missing_inside_zip_prefix(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "app.zip", {"sub/__main__.py": "x = 1\n"})
    assert run_path(os.path.join(archive, "sub"))["x"] == 1
    with pytest.raises(MainNotFoundError):
        run_path(os.path.join(archive, "nosuchdir"))


def test_broken_path_entry_finder_is_an_import_error(tmp_path: Path) -> None:
    """runpy wraps a finder's failure in ImportError; so do we."""
    target = tmp_path / "custom"
    target.mkdir()

    class BrokenFinder:
        def find_spec(self, name: str, target: object = None) -> object:
            raise ValueError("finder exploded")

    sys.path_importer_cache[str(target)] = BrokenFinder()  # type: ignore[assignment]
    try:
        with pytest.raises(ImportError):
            runpy.run_path(str(target))
        with pytest.raises(MainLoadError) as info:
            run_path(str(target))
        assert "finder exploded" in str(info.value)
        assert str(target) in str(info.value)
    finally:
        del sys.path_importer_cache[str(target)]
