"""cli/jsonout.dumps writes what json.dumps(obj, indent=2) writes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from pywhence.cli.jsonout import dumps

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text() | st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF)))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.tuples(inner, inner)
                      | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20)


@settings(max_examples=1500, deadline=None)
@given(VALUES)
def test_same_text_as_json_dumps(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2)


def test_other_values_fall_back_to_json() -> None:
    assert dumps({1: "a", (2): [1.5]}) == json.dumps({1: "a", 2: [1.5]}, indent=2)
    assert dumps({"x": "\ud800 lone surrogate"}) == json.dumps({"x": "\ud800 lone surrogate"}, indent=2)
