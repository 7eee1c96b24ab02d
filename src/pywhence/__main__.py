"""``python -m pywhence``: the command line of :mod:`pywhence.cli`, run as a module."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
