"""Fixtures of the audit tests (defined in helpers.py)."""

from __future__ import annotations

from .helpers import audit_root, pyenv_copy

__all__ = ["audit_root", "pyenv_copy"]
