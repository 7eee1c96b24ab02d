"""Session fixtures of the differential suite: one temp tree, shared layouts built once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .harness import discover_interpreters


@pytest.fixture(scope="session")
def diff_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's folder; scenario folders and shared layouts live under it."""
    return tmp_path_factory.mktemp("differential")


def pytest_report_header(config: pytest.Config) -> list[str]:
    interps = discover_interpreters()
    if not interps:
        return ["differential: NO interpreter found (the suite fails)"]
    return ["differential interpreters: " + ", ".join(f"{i.id}={i.binary}" for i in interps)]


_TALLY: dict[str, dict[str, int]] = {}
_ID = re.compile(r"test_startup\[(?P<scenario>.+)\[(?P<interp>[^\[\]]+)\]\]$")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count outcomes of test_startup per interpreter (for the summary table)."""
    m = _ID.search(report.nodeid)
    if not m:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        outcome = "skipped" if report.skipped else report.outcome
        row = _TALLY.setdefault(m.group("interp"), {"passed": 0, "failed": 0, "skipped": 0})
        row[outcome] = row.get(outcome, 0) + 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _TALLY:
        return
    tr = terminalreporter
    tr.section("differential: outcomes per interpreter")
    tr.write_line(f"{'interpreter':<14} {'passed':>7} {'failed':>7} {'skipped':>8}")
    for interp, row in _TALLY.items():
        tr.write_line(f"{interp:<14} {row['passed']:>7} {row['failed']:>7} {row['skipped']:>8}")
