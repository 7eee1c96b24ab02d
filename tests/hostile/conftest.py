"""Fixtures of the hostile-input suite (helpers.py has the rest)."""

from __future__ import annotations

from .helpers import image, venv

__all__ = ["image", "venv"]
