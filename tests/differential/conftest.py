"""Session fixtures of the differential suite: one temp tree, shared layouts built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import discover_interpreters


@pytest.fixture(scope="session")
def diff_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's folder; scenario folders and shared layouts live under it.

    Its path has no '.' in it on purpose: getpath's ._pth lookup (3.11+) splits the
    executable path at its last dot, which a dotted folder name would change.
    """
    return tmp_path_factory.mktemp("differential")


def pytest_report_header(config: pytest.Config) -> list[str]:
    interps = discover_interpreters()
    if not interps:
        return ["differential: NO interpreter found (the suite fails)"]
    return ["differential interpreters: " + ", ".join(f"{i.id}={i.binary}" for i in interps)]
