"""Compilation: the script's own __future__ flags only, PEP 263 cookies."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from pywhence.run import run_path

from .helpers import make_zip, write

# pywhence.run itself uses "from __future__ import annotations"; a script
# compiled without dont_inherit=True would get postponed annotations too.
ANNOTATED = "x: int = 1\ndef f(a: int) -> int:\n    return a\nhints = f.__annotations__\n"


@pytest.mark.parametrize("cache", [False, True])
def test_future_flags_are_not_inherited(tmp_path: Path, cache: bool) -> None:
    script = write(tmp_path / "annotated.py", ANNOTATED)
    result = run_path(script, cache=cache)
    assert result["hints"] == {"a": int, "return": int}
    assert result["hints"] == runpy.run_path(str(script))["hints"]


def test_future_flags_of_the_script_apply(tmp_path: Path) -> None:
    script = write(tmp_path / "future.py", "from __future__ import annotations\n" + ANNOTATED)
    assert run_path(script)["hints"] == {"a": "int", "return": "int"}


@pytest.mark.parametrize("kind", ["dir", "zip"])
def test_future_flags_not_inherited_in_directories_and_zips(tmp_path: Path, kind: str) -> None:
    if kind == "dir":
        target = write(tmp_path / "app" / "__main__.py", ANNOTATED).parent
    else:
        target = make_zip(tmp_path / "app.zip", {"__main__.py": ANNOTATED})
    for cache in (False, True):
        assert run_path(target, cache=cache)["hints"] == {"a": int, "return": int}


@pytest.mark.parametrize("cache", [False, True])
def test_coding_cookie(tmp_path: Path, cache: bool) -> None:
    script = tmp_path / "latin.py"
    script.write_bytes("# -*- coding: latin-1 -*-\ns = 'caf\xe9'\n".encode("latin-1"))
    assert run_path(script, cache=cache)["s"] == "caf\xe9"


def test_coding_cookie_on_second_line(tmp_path: Path) -> None:
    script = tmp_path / "latin.py"
    script.write_bytes("#!/usr/bin/env python\n# coding=latin-1\ns = '\xe9'\n".encode("latin-1"))
    assert run_path(script)["s"] == "\xe9"


def test_utf8_bom(tmp_path: Path) -> None:
    script = tmp_path / "bom.py"
    script.write_bytes(b"\xef\xbb\xbfs = '\xc3\xa9'\n")
    assert run_path(script)["s"] == "\xe9"


def test_unknown_cookie_is_runpys_syntax_error(tmp_path: Path) -> None:
    script = tmp_path / "bad_cookie.py"
    script.write_bytes(b"# coding: no-such-codec\nx = 1\n")
    with pytest.raises(SyntaxError) as ours:
        run_path(script)
    with pytest.raises(SyntaxError) as theirs:
        runpy.run_path(str(script))
    assert str(ours.value) == str(theirs.value)
