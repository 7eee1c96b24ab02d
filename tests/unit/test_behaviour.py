"""Behaviour switches: one rule per switch, and backports decided by the micro release."""

from __future__ import annotations

import re

import pytest

from pywhence._record import fields
from pywhence.target.behaviour import NEWEST_MICRO, RULES, Behaviour, behaviour_for, render_markdown
from pywhence.target.interpreter import Version


def test_every_switch_has_exactly_one_rule() -> None:
    names = set(fields(Behaviour)) - {"version"}
    assert names == set(RULES)
    for name, rule in RULES.items():
        # a CPython issue or PEP, or the real interpreter the behaviour was measured on
        # when no issue could be pinned down (the doc then says what is not known)
        assert rule.issue.startswith(("bpo-", "gh-", "PEP ", "measured (")), name
        if rule.issue.startswith("measured ("):
            assert re.search(r"\d+\.\d+\.\d+", rule.issue), name
        assert len(rule.doc) > 40, name


@pytest.mark.parametrize(
    "version,expected",
    [
        # gh-113659: fixed in 3.13.0 and in these security releases, not before them
        ("3.8.18", False), ("3.8.19", True), ("3.9.18", False), ("3.9.19", True),
        ("3.10.13", False), ("3.10.14", True), ("3.11.7", False), ("3.11.8", True),
        ("3.12.1", False), ("3.12.2", True), ("3.13.0", True), ("3.14.0", True),
        # an unknown micro is the newest release of the series
        ("3.12", True), ("3.8", True),
    ],
)
def test_backported_switch(version: str, expected: bool) -> None:
    assert behaviour_for(Version.parse(version)).skip_hidden_pth is expected


def test_until_bounds_a_switch() -> None:
    assert behaviour_for(Version.parse("3.10.13")).strict_pyvenv_home_syntax
    assert not behaviour_for(Version.parse("3.11.0")).strict_pyvenv_home_syntax
    assert behaviour_for(Version.parse("3.10")).isolated_hides_path0
    assert not behaviour_for(Version.parse("3.11")).isolated_hides_path0


def test_every_series_has_a_newest_micro() -> None:
    for minor in range(8, 15):
        assert (3, minor) in NEWEST_MICRO


def test_version_parse() -> None:
    assert Version.parse("3.12.4") == Version(3, 12, 4)
    assert Version.parse("3.13") == Version(3, 13, None)
    assert Version.parse("3.14.0rc1") == Version(3, 14, 0)
    with pytest.raises(ValueError):
        Version.parse("three")


def test_markdown_lists_every_switch() -> None:
    text = render_markdown()
    for name in RULES:
        assert f"`{name}`" in text


@pytest.mark.parametrize(
    "value,expected",
    [("0", 0), ("1", 1), ("yes", 1), ("-1", 1), (" 2", 2), ("2 ", 1), ("+0", 0), ("0_0", 1), ("", 0)],
)
def test_env_flag_reads_like_py_get_env_flag(value: str, expected: int) -> None:
    """Values measured with PYTHONNOUSERSITE on 3.12.1 (a value parsing to 0 leaves it off)."""
    from pywhence.startup.initconfig import env_flag

    assert env_flag({"PYTHONNOUSERSITE": value}, "PYTHONNOUSERSITE") == expected


def test_docs_table_is_current() -> None:
    """docs/behaviour.md is generated from RULES (``make docs``); a stale table misleads."""
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "behaviour.md"
    assert doc.read_text(encoding="utf-8") == render_markdown(), "run `make docs`"
