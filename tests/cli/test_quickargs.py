"""The command lines read without argparse mean what argparse reads them as, and the
common ones are read that way (the budget test below would catch a fallback)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pywhence.cli.parser import _build_parser, _UsageExit
from pywhence.cli.quickargs import parse_quickly, split_python_args

WORDS = ["path", "snapshot", "which", "--python", "--python=", "--python=/x", "--env", "--env=A=1",
         "A=1", "--clear-env", "--cwd", "/tmp", "--root", "--world", "w.json", "--json",
         "--explain", "--probe", "-o", "--output", "out.json", "--", "-c", "pass", "-", "",
         "--pyth", "--json=1", "-h", "--help", "--version", "x y", "-1"]


def _argparse(head: list[str]) -> dict[str, object] | None:
    try:
        return vars(_build_parser().parse_args(head))
    except (_UsageExit, SystemExit):
        return None


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(["path", "snapshot"]), st.lists(st.sampled_from(WORDS), max_size=8))
def test_quick_reading_equals_argparse(command: str, rest: list[str]) -> None:
    head, _ = split_python_args([command, *rest])
    quick = parse_quickly(head)
    if quick is not None:
        assert vars(quick) == _argparse(head), head


def test_everyday_command_lines_skip_argparse() -> None:
    for argv in (["path"], ["path", "--json"], ["path", "--python", "/usr/bin/python3", "--explain"],
                 ["path", "--clear-env", "--env", "PYTHONPATH=src", "--cwd", "/srv", "--json"],
                 ["path", "--world", "w.json"], ["snapshot", "-o", "snap.json"]):
        quick = parse_quickly(argv)
        assert quick is not None, argv
        assert vars(quick) == _argparse(argv)
