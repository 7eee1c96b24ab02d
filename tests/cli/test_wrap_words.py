"""cli/render.py's wrap_words gives what textwrap gives for the table's two uses (words
kept whole; long words broken), without importing textwrap (and re) on the hot path."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from pywhence.cli.render import wrap_words

WORDS = st.sampled_from(["a", "bb", "ccc", "/usr/lib/python3.12/site-packages", "x" * 9,
                         "y" * 10, "z" * 11, "w" * 30, "v" * 90, "\t", "  "])
PREFIXES = st.sampled_from([("", ""), ("  ", "      "), ("    ", "  ")])


@settings(max_examples=3000, deadline=None)
@given(st.lists(WORDS, max_size=14), st.integers(min_value=8, max_value=100), PREFIXES)
def test_wrap_words_is_textwrap(words: list[str], width: int, prefixes: tuple[str, str]) -> None:
    text = " ".join(words)
    indent, more = prefixes
    whole = textwrap.wrap(" ".join(text.split()), width, initial_indent=indent,
                          subsequent_indent=more, break_long_words=False,
                          break_on_hyphens=False)
    assert wrap_words(text, width, indent=indent, more=more) == whole
    # the origins the table breaks are single-spaced already
    broken = textwrap.wrap(" ".join(text.split()), width, initial_indent=indent,
                           subsequent_indent=more, break_on_hyphens=False)
    # textwrap may leave the space before a word it could not start on the line
    assert wrap_words(text, width, indent=indent, more=more, break_long=True) == [
        line.rstrip(" ") for line in broken]
