"""The decision trace: every choice the model makes, with its rule and its inputs.

Stages append :class:`Decision` records as they go.  ``--explain`` prints them in order;
each ``sys.path`` entry carries the index of the decision that added it, so its origin
can always be traced back to an input (a file and line, an environment variable, a flag).
"""

from __future__ import annotations

from ._record import record

__all__ = ["Decision", "Trace"]


@record
class Decision:
    stage: str  # "cmdline", "getpath", "site", "path0", "discovery"
    rule: str  # short name of the rule applied, e.g. "pyvenv.cfg home"
    outcome: str  # what was decided, in words
    inputs: tuple[str, ...] = ()  # what it was decided from (files, lines, variables)

    def to_dict(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "rule": self.rule,
            "outcome": self.outcome,
            "inputs": list(self.inputs),
        }


class Trace:
    """An append-only list of decisions (the one mutable object a stage receives)."""

    __slots__ = ("decisions",)

    def __init__(self) -> None:
        self.decisions: list[Decision] = []

    def add(self, stage: str, rule: str, outcome: str, *inputs: str) -> int:
        """Record a decision; returns its index (for entries to point at)."""
        self.decisions.append(Decision(stage, rule, outcome, inputs))
        return len(self.decisions) - 1

    def __len__(self) -> int:
        return len(self.decisions)
