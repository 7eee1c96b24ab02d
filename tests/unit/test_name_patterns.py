"""The hand-read name patterns of target/patchlevel.py give what their regular
expressions give, on names built from the pieces that matter (and on noise)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pywhence.target import patchlevel

REGEX = {
    "PATCHLEVEL": r'#define\s+PY_VERSION\s+"(\d+)\.(\d+)\.(\d+)',
    "PYENV_DIR": r"/versions/(\d+)\.(\d+)\.(\d+)(t?)(?:/|$)",
    "VERSION_TEXT": r"\s*(\d+)\.(\d+)(?:\.(\d+))?",
    "STDLIB_NAME": r"python(\d+)\.(\d+)(t?)$",
    "BIN_NAME": r"python(\d+)\.(\d+)(t?)(?:d|m|dm)?$",
    "LIB_NAME": r"libpython(\d+)\.(\d+)(t?)(?:d|m|dm)?\.so",
}

PIECES = ["python", "libpython", "/versions/", "#define", " ", "\t", "\n", "PY_VERSION", '"',
          "3", "12", "0", "٣", "²", ".", "t", "d", "m", "dm", "/", ".so", ".so.1.0", "x", "-"]


def _same(name: str, text: str) -> None:
    ours = getattr(patchlevel, name)
    theirs = re.compile(REGEX[name])
    for how in ("match", "search"):
        a, b = getattr(ours, how)(text), getattr(theirs, how)(text)
        assert (a is None) == (b is None), (name, how, text)
        if a is not None and b is not None:
            groups = b.re.groups
            assert [a.group(i) for i in range(groups + 1)] == [
                b.group(i) for i in range(groups + 1)], (name, how, text)


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(sorted(REGEX)), st.lists(st.sampled_from(PIECES), max_size=12))
def test_hand_patterns_equal_the_regexes(name: str, pieces: list[str]) -> None:
    _same(name, "".join(pieces))


def test_known_names() -> None:
    for name, text in [
        ("BIN_NAME", "python3.12"), ("BIN_NAME", "python3.13td"), ("BIN_NAME", "python3.7m\n"),
        ("LIB_NAME", "libpython3.12.so.1.0"), ("LIB_NAME", "libpython3.8dm.so"),
        ("LIB_NAME", "libpython3.14tx.so"), ("STDLIB_NAME", "python3.13t"),
        ("PYENV_DIR", "/root/.pyenv/versions/3.12.1/bin/python"), ("PYENV_DIR", "/v/versions/3.13.0t"),
        ("VERSION_TEXT", " 3.12.1rc1"), ("VERSION_TEXT", "3.12."),
        ("PATCHLEVEL", '#define PY_VERSION      "3.8.18"'),
    ]:
        _same(name, text)
    m = patchlevel.BIN_NAME.match("python3.13td")
    assert m is not None and (m.group(1), m.group(2), m.group(3)) == ("3", "13", "t")


def test_env_flag_reads_numbers_as_strtol_does() -> None:
    # _Py_get_env_flag: leading C whitespace, a sign, decimal digits, nothing else.
    import itertools

    from pywhence.startup.initconfig import env_flag

    def reference(v: str) -> int:
        m = re.fullmatch(r"[ \t\n\v\f\r]*([+-]?[0-9]+)", v)
        if not v:
            return 0
        if m is None:
            return 1
        n = int(m.group(1))
        return 1 if n < 0 or n > 2**31 - 1 else n

    alphabet = [" ", "\t", "\n", "+", "-", "0", "1", "9", "x", "٣", "2147483648"]
    for k in range(1, 5):
        for combo in itertools.product(alphabet, repeat=k):
            v = "".join(combo)
            assert env_flag({"X": v}, "X") == reference(v), repr(v)


# -- imports/editable.py: setuptools' distutils shim line, read by hand -------------------

SHIM = (r"^import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os\.environ\.get\(var, "
        r"'(\w+)'\) == '(\w+)'; enabled and __import__\('_distutils_hack'\)\.add_shim\(\); ?$")
SHIM_PIECES = ["import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, '",
               "') == '", "'; enabled and __import__('_distutils_hack').add_shim();",
               "local", "stdlib", "_", "é", "٣", " ", "-", "'", "\n", "x"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(SHIM_PIECES), max_size=8))
def test_the_shim_line_reads_as_its_regex_does(pieces: list[str]) -> None:
    from pywhence.imports.editable import _shim_values

    code = "".join(pieces).strip()  # the line as _import_lines gives it
    m = re.search(SHIM, code)
    assert _shim_values(code) == (None if m is None else (m.group(1), m.group(2))), code


def test_the_real_shim_lines() -> None:
    from pywhence.imports.editable import _shim_values

    head = "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, "
    tail = "; enabled and __import__('_distutils_hack').add_shim(); "
    assert _shim_values((head + "'local') == 'local'" + tail).strip()) == ("local", "local")
    assert _shim_values((head + "'stdlib') == 'local'" + tail).strip()) == ("stdlib", "local")
    assert _shim_values(head + "'') == 'local'" + tail) is None
