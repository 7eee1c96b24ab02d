"""docs/audit.md documents every rule with its rationale and fix, as rules.py says them."""

from __future__ import annotations

from pywhence.audit.rules import LEVELS, RULES, markdown

from .helpers import REPO

DOC = REPO / "docs" / "audit.md"


def test_rules_section_is_the_catalogue() -> None:
    text = DOC.read_text(encoding="utf-8")
    _head, sep, section = text.partition("## Rules\n")
    assert sep, "docs/audit.md has no '## Rules' section"
    assert section.rstrip("\n").endswith(markdown().rstrip("\n")), (
        "the rules section differs from pywhence.audit.rules.markdown(): regenerate it")


def test_every_rule_is_documented_with_rationale_and_fix() -> None:
    text = DOC.read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"### {rule.id} {rule.name}\n" in text
        assert rule.rationale in text and rule.fix in text
        assert rule.level in LEVELS


def test_rule_ids_are_unique_and_stable_in_shape() -> None:
    ids = list(RULES)
    assert len(ids) == len(set(ids))
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))
    for ident in ids:
        assert len(ident) == 5 and ident.startswith("PW") and ident[2:].isdigit()
