"""The audit's rule catalogue: every finding's stable id, default level, rationale and fix.

Rule ids are a public contract (``--json``, SARIF ``ruleId``, docs/audit.md): an id is
never renamed, reused or dropped; new rules take new ids.  The numbering groups them:
``PW1xx`` code that runs at startup, ``PW2xx`` who can write what is imported,
``PW3xx`` the shape of ``sys.path``, ``PW4xx`` what an import finds.  A rule's level
here is its usual one; a finding may be raised or lowered with its cause (a
world-writable directory is an error, a group-writable one a warning) -- the finding
says which.
"""

from __future__ import annotations

from .._record import record

__all__ = ["LEVELS", "RULES", "Rule", "level_rank"]

#: The levels, lowest first (SARIF: ``note``, ``warning``, ``error``).
LEVELS = ("info", "warning", "error")


def level_rank(level: str) -> int:
    """0 for info, 1 for warning, 2 for error."""
    return LEVELS.index(level)


@record
class Rule:
    """One kind of finding."""

    id: str
    name: str
    level: str
    summary: str
    rationale: str
    fix: str


_RULES = (
    Rule("PW101", "unknown-startup-code", "warning",
         "A .pth import line or .start entry point that is no recognised idiom runs at every start.",
         "site executes every .pth line that begins with 'import' (and, from 3.15, every "
         ".start entry point) before the program: code there runs on every start of the "
         "interpreter, for every program, and is the persistence point of MITRE ATT&CK "
         "T1546.018. Editable installs and setuptools use a few well-known forms; anything "
         "else deserves a look.",
         "Read the line; if no installed distribution needs it, remove the line or the file "
         "(or run with -S, or -I for the user site)."),
    Rule("PW102", "obfuscated-startup-code", "error",
         "Startup code that executes decoded data, or starts processes or network "
         "connections.",
         "exec/eval/compile of base64, zlib, marshal, hex or rot13 data hides what runs; "
         "startup code that spawns processes or opens sockets has no business at "
         "interpreter start. This is the shape of the litellm_init.pth credential stealer "
         "(March 2026).",
         "Remove the file, then find and remove the distribution that installed it; treat "
         "the machine's credentials as exposed."),
    Rule("PW103", "look-alike-startup-code", "error",
         "A file or line shaped like a known idiom whose code is not that idiom's.",
         "A .pth file named like setuptools' distutils-precedence.pth or an editable "
         "install, or an idiom's import line whose module is not the idiom's code, borrows "
         "a trusted name to run something else.",
         "Compare the file with the distribution that should own it; remove it if it "
         "differs."),
    Rule("PW104", "startup-file-changed", "error",
         "A startup file differs from the hash its distribution's RECORD gives.",
         "The RECORD of a *.dist-info lists the sha256 of every file the distribution "
         "installed; a .pth file that no longer matches was changed after installation.",
         "Reinstall the distribution (pip install --force-reinstall NAME) and find out who "
         "changed the file."),
    Rule("PW105", "unowned-startup-code", "info",
         "A .pth file with import lines that no installed distribution's RECORD lists.",
         "A .pth file installed by pip is listed in its distribution's RECORD; one that is "
         "not was put there by hand, by a system package manager, or by something else.",
         "Find out where the file comes from (dpkg -S, rpm -qf); remove it if nothing "
         "needs it."),
    Rule("PW106", "site-lookalike", "error",
         "A site module on PYTHONPATH runs instead of the standard library's site.",
         "Where site is not frozen (3.8-3.10, debug builds, -X frozen_modules=off), startup "
         "imports site with PYTHONPATH before the standard library: a site.py there runs "
         "first, at every start, and the real site (site-packages, .pth files) never does.",
         "Remove or rename the file, or take its directory off PYTHONPATH (-E and -I "
         "ignore PYTHONPATH)."),
    Rule("PW110", "customize-module", "info",
         "sitecustomize or usercustomize runs at every start.",
         "site imports sitecustomize (and usercustomize, when the user site is on) after "
         "the .pth files: arbitrary code, run before every program.",
         "Make sure the module is yours; -S skips both, -s or -I skips usercustomize."),
    Rule("PW111", "pythonstartup", "info",
         "The PYTHONSTARTUP file runs before the interactive prompt.",
         "In interactive mode the file PYTHONSTARTUP names is executed in __main__ before "
         "the first prompt.",
         "Unset PYTHONSTARTUP, or run with -E or -I."),
    Rule("PW200", "writable-entry", "error",
         "A sys.path entry that users other than its owner and root can write.",
         "Anyone who can create files in a sys.path directory (or replace a zip archive on "
         "it) can plant a json.py that every import of json loads. World-writable is an "
         "error; group-writable a warning (the group's members can).",
         "chmod go-w the directory (or archive), or remove the entry."),
    Rule("PW201", "writable-startup-file", "error",
         "A startup file (a .pth file, sitecustomize, usercustomize, PYTHONSTARTUP) others "
         "can write.",
         "Whoever can write a file that runs at startup runs code as every user of the "
         "interpreter.",
         "chmod go-w the file."),
    Rule("PW202", "writable-parent", "error",
         "A directory above a sys.path entry or startup file that others can write, "
         "without the sticky bit.",
         "Write access to a parent directory lets its holder rename the entry or file away "
         "and put their own in its place.",
         "chmod go-w the directory (or set the sticky bit, chmod +t, if it must stay "
         "shared)."),
    Rule("PW203", "foreign-owner", "warning",
         "A sys.path entry, startup file or directory above them owned by a user other "
         "than root and the one who runs the interpreter.",
         "The owner of a file can always change it: another user's directory on sys.path "
         "lets that user choose what you import (an error when the interpreter runs as "
         "root).",
         "chown root (or the running user) the path, or remove it from sys.path."),
    Rule("PW204", "creatable-missing-entry", "error",
         "A sys.path entry that does not exist, in a place others can create it.",
         "A missing entry is harmless until someone creates it: a missing python3X.zip in "
         "a writable lib/ directory, or a PYTHONPATH directory under /tmp, gives whoever "
         "creates it the first say on every import.",
         "Remove the entry (PYTHONPATH, .pth line) or chmod go-w its nearest existing "
         "parent."),
    Rule("PW300", "relative-entry", "warning",
         "A relative sys.path entry: what it means depends on the working directory.",
         "A relative entry is looked up from wherever the process is when it imports, "
         "which may be a directory someone else controls.",
         "Use absolute paths in PYTHONPATH and .pth files."),
    Rule("PW301", "working-directory", "warning",
         "The working directory is on sys.path ('' or its path as sys.path[0]).",
         "python -c, -m and the interactive prompt put the working directory first on "
         "sys.path: running from a directory that holds a json.py (a download folder, "
         "/tmp, a checkout) imports it instead of the standard library's.",
         "Run with -P or PYTHONSAFEPATH=1 (3.11+), or -I."),
    Rule("PW400", "stdlib-shadowed", "warning",
         "A standard-library module is found first in a place that is not the standard "
         "library.",
         "An import of a standard-library name loads another file: a shadow in the "
         "working directory or script directory is the classic way to hijack a program "
         "(an error there, or when others can write the place; a warning otherwise).",
         "Rename or remove the shadowing file; run with -P/-I to keep the working "
         "directory off sys.path."),
    Rule("PW401", "top-level-name-conflict", "warning",
         "Two distributions install the same top-level module or package.",
         "Two distributions that write the same module file overwrite each other: "
         "what import loads depends on the order they were installed in, and "
         "uninstalling one breaks the other. A look-alike package can hide this way.",
         "Uninstall one of them (pip uninstall NAME), then reinstall the one you need."),
)

#: id -> rule, in id order.
RULES: dict[str, Rule] = {r.id: r for r in _RULES}


def markdown() -> str:
    """The rules section of docs/audit.md (tests/audit/test_docs.py keeps the two equal)."""
    out = []
    for rule in RULES.values():
        out.append(f"### {rule.id} {rule.name}\n")
        out.append(f"*Level: {rule.level}.* {rule.summary}\n")
        out.append(f"**Why.** {rule.rationale}\n")
        out.append(f"**Fix.** {rule.fix}\n")
    return "\n".join(out)
