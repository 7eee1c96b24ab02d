"""SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/) for code-scanning
tools: one run of the ``pywhence`` tool, its rules (:mod:`.rules`) and one result per
finding.

Levels map to SARIF's ``note``/``warning``/``error``; each rule carries the
``security-severity`` property code-scanning services sort by.  A finding's file is a
``file://`` URI (for an image, a path relative to the ``IMAGEROOT`` base, the image's
own paths); a finding about ``''`` or a relative entry has no location, only its
``sys.path`` index.  The fix is part of the message and of the result's properties.
``tests/schemas/sarif-schema-2.1.0.json`` (the official schema) validates the output.
"""

from __future__ import annotations

from .rules import RULES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .result import Finding, Report

__all__ = ["SARIF_SCHEMA", "sarif_log"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"info": "note", "warning": "warning", "error": "error"}
_SEVERITY = {"info": "2.0", "warning": "5.5", "error": "8.5"}
_INFORMATION_URI = "https://github.com/pywhence/pywhence/blob/main/docs/audit.md"


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/:@!$&'()*+,;=-._~")


def _rules() -> list[dict[str, Any]]:
    out = []
    for rule in RULES.values():
        out.append({
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.rationale},
            "help": {"text": f"{rule.rationale} Fix: {rule.fix}"},
            "helpUri": f"{_INFORMATION_URI}#{rule.id.lower()}-{rule.name}",
            "defaultConfiguration": {"level": _LEVEL[rule.level]},
            "properties": {"tags": ["security"], "security-severity": _SEVERITY[rule.level]},
        })
    return out


def _result(finding: Finding, index: dict[str, int], image: bool,
            extra: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": _LEVEL[finding.level],
        "message": {"text": f"{finding.message}. Fix: {finding.fix}"},
        "properties": {"sys_path_index": finding.sys_path_index, "fix": finding.fix, **extra},
    }
    if finding.path and finding.path.startswith("/"):
        location: dict[str, Any] = {"uri": _uri(finding.path.lstrip("/")), "uriBaseId": "IMAGEROOT"} \
            if image else {"uri": "file://" + _uri(finding.path)}
        physical: dict[str, Any] = {"artifactLocation": location}
        if finding.line is not None and finding.line >= 1:
            physical["region"] = {"startLine": finding.line}
        result["locations"] = [{"physicalLocation": physical}]
    return result


def sarif_log(reports: list[tuple[Report, dict[str, Any]]], *, root: str | None = None,
              version: str = "") -> dict[str, Any]:
    """The SARIF log of one audit, or of every audit of a scan (one run either way; the
    dict beside each report goes into its results' properties, e.g. the executable)."""
    rules = _rules()
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = [_result(f, index, root is not None, extra)
               for report, extra in reports for f in report.findings]
    driver: dict[str, Any] = {"name": "pywhence", "informationUri": _INFORMATION_URI,
                              "rules": rules}
    if version:
        driver["version"] = version
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if root is not None:
        base = root if root.endswith("/") else root + "/"
        run["originalUriBaseIds"] = {"IMAGEROOT": {"uri": "file://" + _uri(base),
                                                   "description": {"text": "the image's /"}}}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
