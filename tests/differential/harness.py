"""The differential harness: real interpreters, run for real, against ``pywhence.compute``.

A scenario (see :mod:`scenarios`) builds a real layout on disk and returns a :class:`Case`:
argv[0] exactly as typed, CPython's own arguments, a controlled environment, a working
directory and, for ``-`` and the no-argument run, the program on stdin.  The same case is

* run by the real interpreter (:func:`run_oracle`), whose program prints its startup state
  as one JSON line (:data:`PROBE`), or, when startup fails, whose "Python path
  configuration:" dump on stderr is parsed instead;
* computed by ``pywhence.compute(python=argv0, args=..., env=..., cwd=...)``;

and :func:`compare` lists every field that differs.  Nothing here imports the model's
internals: the comparison goes through the public API and the ``Startup`` contract only.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = [
    "PROBE",
    "Case",
    "Interp",
    "Mismatch",
    "Real",
    "compare",
    "discover_interpreters",
    "format_report",
    "path0_inserted",
    "run_oracle",
    "run_oracles",
]

#: Marks the probe's output line, so nothing else a run prints (a .pth ``import`` line,
#: sitecustomize) can be mistaken for it.
MARK = "@@PYWHENCE-PROBE@@"

#: The program every oracle run executes (as ``-c``, a script, ``-m``, stdin, a zipapp
#: or a directory's ``__main__.py``).  It must run on 3.8 and import only what a stripped,
#: relocated stdlib still has (``json`` and ``sys``).
PROBE = (
    "import sys, json\n"
    "d = {k: getattr(sys, k, None) for k in ('executable', '_base_executable', 'prefix',\n"
    "     'exec_prefix', 'base_prefix', 'base_exec_prefix', 'path', 'platlibdir')}\n"
    "f = sys.flags\n"
    "d['flags'] = {'isolated': f.isolated, 'ignore_environment': f.ignore_environment,\n"
    "     'no_user_site': f.no_user_site, 'no_site': f.no_site,\n"
    "     'safe_path': getattr(f, 'safe_path', False)}\n"
    "d['version'] = list(sys.version_info[:3])\n"
    f"sys.stdout.write({MARK!r} + json.dumps(d) + '\\n')\n"
)

#: The startup warnings getpath prints (3.8-3.10 getpath.c and 3.11+ getpath.py alike;
#: 3.15 adds the "WARN: Could not find the (platform) standard library directory!" lines).
WARNING_RE = re.compile(
    r"^(Could not find platform (?:in)?dependent libraries <.*>"
    r"|Consider setting \$PYTHONHOME to <.*>"
    r"|WARN: Could not find the (?:platform )?standard library directory! .*)$"
)
#: What site.py prints for a .pth line it could not process (a header line per error;
#: 3.15, PEP 829: an import line or a .start entry point that fails, a missing .pth path).
SITE_ERROR_RE = re.compile(
    r"^(Error processing line \d+ of .*:"
    r"|Error in import line from .*: .*"
    r"|(?:Invalid entry point syntax in|Error resolving entry point .* from) .*"
    r"|In .*: .* does not exist; skipping sys\.path append)$"
)

FIELDS = ("executable", "_base_executable", "prefix", "exec_prefix", "base_prefix",
          "base_exec_prefix")


# ---------------------------------------------------------------------------------------
# Interpreters
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interp:
    """One real interpreter the suite runs against."""

    id: str  # "3.12.1", "debian-3.11"
    binary: str  # absolute path of pythonX.Y
    version: tuple[int, int, int]
    prefix: str  # its sys.prefix when run plainly
    debian: bool = False
    #: Installed somewhere other than the prefix it was built for (sid's 3.14 unpacked in
    #: a folder): layouts that lean on the build's PREFIX as a fallback do not start.
    relocated: bool = False

    @property
    def xy(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"

    @property
    def exe_name(self) -> str:
        return os.path.basename(self.binary)

    @property
    def bindir(self) -> str:
        return os.path.dirname(self.binary)

    @property
    def stdlib(self) -> str:
        return os.path.join(self.prefix, "lib", f"python{self.xy}")

    def at_least(self, major: int, minor: int) -> bool:
        return self.version[:2] >= (major, minor)


_VERSION_DIR = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
_INTERP_CACHE: list[Interp] | None = None


def _pyenv_binaries() -> list[tuple[str, str]]:
    """``(version name, binary)`` for every CPython 3.8+ that pyenv lists."""
    pyenv = shutil.which("pyenv") or ("/root/.pyenv/bin/pyenv" if os.path.exists("/root/.pyenv/bin/pyenv") else None)
    names: list[str] = []
    if pyenv:
        try:
            out = subprocess.run([pyenv, "versions", "--bare"], capture_output=True, text=True,
                                 timeout=60, check=False).stdout
            names = [n.strip() for n in out.splitlines() if n.strip()]
        except (OSError, subprocess.SubprocessError):
            names = []
    if not names and os.path.isdir("/root/.pyenv/versions"):  # pyenv not on PATH
        names = sorted(os.listdir("/root/.pyenv/versions"))
    root = "/root/.pyenv"
    if pyenv:
        try:  # one call: `pyenv prefix NAME` is ROOT/versions/NAME for an installed version
            res = subprocess.run([pyenv, "root"], capture_output=True, text=True, timeout=60,
                                 check=False)
            root = res.stdout.strip() or root
        except (OSError, subprocess.SubprocessError):
            pass
    found: list[tuple[str, str]] = []
    for name in names:
        m = _VERSION_DIR.match(name)
        if not m or (int(m.group(1)), int(m.group(2))) < (3, 8):
            continue  # 2.7, 3.6, 3.7, pypy, conda...: not modelled
        xy = f"{m.group(1)}.{m.group(2)}"
        prefix = os.path.join(root, "versions", name)
        binary = os.path.join(prefix, "bin", f"python{xy}")
        if os.access(binary, os.X_OK):
            found.append((name, binary))
    return found


#: More interpreters to test against: ``ID=BINARY`` items separated by ``:``; an ID that
#: starts with ``debian-`` marks Debian's patched site.py (tools/sid_oracle.py sets it up).
EXTRA_ORACLES_VAR = "PYWHENCE_EXTRA_ORACLES"


def extra_oracles() -> list[tuple[str, str, bool]]:
    """``(id, binary, debian)`` for each interpreter named in $PYWHENCE_EXTRA_ORACLES, and
    for the Debian sid interpreters tools/sid_oracle.py left in the checkout's .oracles/."""
    items = [i for i in os.environ.get(EXTRA_ORACLES_VAR, "").split(":") if i]
    listed = Path(__file__).resolve().parents[2] / ".oracles" / "oracles.txt"
    if listed.is_file():
        items += [i.strip() for i in listed.read_text().splitlines() if i.strip()]
    found: list[tuple[str, str, bool]] = []
    for item in items:
        ident, _, binary = item.partition("=")
        if binary and os.access(binary, os.X_OK) and ident not in {f[0] for f in found}:
            found.append((ident, binary, ident.startswith("debian-")))
    return found


def discover_interpreters() -> list[Interp]:
    """Every interpreter to test: pyenv's CPython 3.8+ and Debian's /usr/bin/python3.11.

    Each is run once (plainly, in a clean environment) to learn its exact version and its
    prefix; one that does not start is left out (and the suite says so in its header).
    """
    global _INTERP_CACHE
    if _INTERP_CACHE is not None:
        return _INTERP_CACHE
    candidates = [(name, b, False) for name, b in _pyenv_binaries()]
    if os.access("/usr/bin/python3.11", os.X_OK):
        candidates.append(("debian-3.11", "/usr/bin/python3.11", True))
    candidates.extend(extra_oracles())
    result: list[Interp] = []
    # configure's --prefix (sysconfig's 'prefix' variable follows sys.prefix at run time)
    code = ("import sys, json, re, sysconfig; a = sysconfig.get_config_var('CONFIG_ARGS') or ''; "
            "m = re.search(r\"--prefix=([^' ]+)\", a); "
            "print(json.dumps([list(sys.version_info[:3]), sys.prefix, m.group(1) if m else sys.prefix]))")
    for name, binary, debian in candidates:
        try:
            res = subprocess.run([binary, "-S", "-c", code], capture_output=True, text=True,
                                 env={"PATH": "/usr/bin:/bin"}, timeout=60, check=False)
            version, prefix, built_for = json.loads(res.stdout)
        except (OSError, subprocess.SubprocessError, ValueError):
            continue
        result.append(Interp(name, binary, tuple(version), prefix, debian,  # type: ignore[arg-type]
                             relocated=os.path.realpath(prefix) != os.path.realpath(built_for)))
    _INTERP_CACHE = result
    return result


# ---------------------------------------------------------------------------------------
# Cases and oracle runs
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One way of starting the interpreter, identical for the oracle and the model."""

    argv0: str
    args: tuple[str, ...]
    env: Mapping[str, str]
    cwd: str
    stdin: str | None = None
    #: How the program is run: "command", "script", "module", "stdin", "interactive",
    #: "dir", "zip" (decides whether a sys.path[0] is inserted, for the -S twin).
    kind: str = "command"
    #: What the scenario means the real run to do: "ok", "fatal", or None (either).
    #: A real run that contradicts it is a harness error, not a model bug.
    expect: str | None = "ok"
    #: Compare module_search_paths against a run with -S added (the twin).
    twin: bool = True
    note: str = ""
    #: A file the scenario's startup code appends its marker to, one line each time a
    #: .pth import line, a .start entry point or a customize module really runs: the
    #: model's ``Startup.dynamic`` must name the same code, in the same order.
    ran: str | None = None

    def with_S(self) -> Case:
        return replace(self, args=("-S", *self.args))


@dataclass
class Real:
    """What the real interpreter reported."""

    returncode: int
    stdout: str
    stderr: str
    state: dict[str, Any] | None  # the probe's JSON, when the program ran
    dump: dict[str, Any] | None  # the "Python path configuration:" dump, on a failed start

    @property
    def fatal(self) -> bool:
        return self.state is None

    @property
    def warnings(self) -> list[str]:
        return [ln for ln in self.stderr.splitlines() if WARNING_RE.match(ln)]

    @property
    def site_errors(self) -> list[str]:
        return [ln for ln in self.stderr.splitlines() if SITE_ERROR_RE.match(ln)]


def run_oracle(case: Case, timeout: float = 60) -> Real:
    """Run the real interpreter exactly as the case says."""
    return run_oracles([case], timeout)[0]


def run_oracles(cases: Sequence[Case], timeout: float = 60) -> list[Real]:
    """Run several cases at once (the main run and its -S twin use both cores)."""
    procs: list[subprocess.Popen[str] | Real] = []
    for case in cases:
        try:
            procs.append(subprocess.Popen(
                [case.argv0, *case.args], cwd=case.cwd, env=dict(case.env),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True, errors="surrogateescape",
            ))
        except FileNotFoundError as exc:  # argv0 could not be executed at all
            procs.append(Real(127, "", f"exec failed: {exc}", None, None))
    results: list[Real] = []
    for case, proc in zip(cases, procs):
        if isinstance(proc, Real):
            results.append(proc)
            continue
        try:
            out, err = proc.communicate(case.stdin if case.stdin is not None else "", timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            err += f"\n(harness: killed after {timeout}s)"
        state = None
        for line in out.splitlines():
            if line.startswith(MARK):
                state = json.loads(line[len(MARK):])
        results.append(Real(proc.returncode, out, err, state, parse_path_dump(err)))
    return results


_DUMP_LINE = re.compile(r"^  ([A-Za-z_. ]+?) = (.*)$")


def parse_path_dump(stderr: str) -> dict[str, Any] | None:
    """The ``Python path configuration:`` block CPython prints before a fatal error."""
    lines = stderr.splitlines()
    try:
        start = lines.index("Python path configuration:")
    except ValueError:
        return None
    out: dict[str, Any] = {}
    i = start + 1
    while i < len(lines) and lines[i].startswith("  "):
        m = _DUMP_LINE.match(lines[i])
        if m:
            key, value = m.group(1), m.group(2)
            if value == "[":
                items = []
                i += 1
                while i < len(lines) and lines[i].startswith("    "):
                    items.append(ast.literal_eval(lines[i].strip().rstrip(",")))
                    i += 1
                out[key] = items
                continue
            try:
                out[key] = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                out[key] = value
        i += 1
    return out


def path0_inserted(kind: str, version: Sequence[int], flags: Mapping[str, Any]) -> bool:
    """Whether CPython put a sys.path[0] in front of module_search_paths.

    A directory or zipapp is always inserted (it is how ``__main__`` is found); otherwise
    nothing is inserted under safe_path (3.11+, gh-57684; -I implies it) or, before 3.11,
    under -I (bpo-16499).  See Modules/main.c ``pymain_run_python``.
    """
    if kind in ("dir", "zip"):
        return True
    if tuple(version[:2]) >= (3, 11):
        return not flags.get("safe_path")
    return not flags.get("isolated")


# ---------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------


@dataclass
class Mismatch:
    field: str
    real: Any
    computed: Any


_MODEL_FIELD = {
    "executable": "executable",
    "_base_executable": "base_executable",
    "prefix": "prefix",
    "exec_prefix": "exec_prefix",
    "base_prefix": "base_prefix",
    "base_exec_prefix": "base_exec_prefix",
}
_DUMP_FIELD = {
    "executable": "sys.executable",
    "_base_executable": "sys._base_executable",
    "base_prefix": "sys.base_prefix",
    "base_exec_prefix": "sys.base_exec_prefix",
    "prefix": "sys.prefix",
    "exec_prefix": "sys.exec_prefix",
}


def model_warnings(startup: Any) -> list[str]:
    return [ln for w in startup.warnings for ln in str(w).splitlines() if WARNING_RE.match(ln)]


def model_site_errors(startup: Any) -> list[str]:
    return [ln for w in startup.warnings for ln in str(w).splitlines() if SITE_ERROR_RE.match(ln)]


def model_ran(startup: Any, root: str) -> list[str]:
    """The markers the model says will be written, in order.

    A scenario's marker is the last statement of its code, so it is written when that
    code runs to its end: each entry of ``Startup.dynamic`` under *root* (the scenario's
    own files; Debian's sitecustomize or a machine's .pth elsewhere writes none) that
    the model does not predict to raise (``[raises ...]``) -- ``pth:<file>:<line>`` for
    a .pth import line, ``start:<file>:<line>`` for a .start entry point,
    ``sitecustomize`` / ``usercustomize``.
    """
    out = []
    for e in startup.dynamic:
        if not e.path.startswith(root + os.sep) or e.detail.endswith("]") and " [raises " in e.detail:
            continue
        if e.origin in (".pth import line", ".start entry point"):
            line = e.detail[len(e.path):].partition(": ")[0].replace(" line ", "", 1)
            kind = "pth" if e.origin == ".pth import line" else "start"
            out.append(f"{kind}:{os.path.basename(e.path)}:{line}")
        else:
            out.append(e.origin)
    return out


def compare(case: Case, real: Real, startup: Any, twin: Real | None) -> list[Mismatch]:
    """Every field where the model disagrees with the real run (empty: all agree)."""
    out: list[Mismatch] = []
    model_fatal = bool(startup.fatal)
    if real.fatal != model_fatal:
        out.append(Mismatch(
            "fatal (startup fails)",
            f"{real.fatal} (exit {real.returncode}){': ' + _last_line(real.stderr) if real.fatal else ''}",
            f"{model_fatal}{': ' + str(startup.fatal) if model_fatal else ''}",
        ))
    if real.state is not None:
        for name in FIELDS:
            got = getattr(startup, _MODEL_FIELD[name])
            if real.state.get(name) != got:
                out.append(Mismatch(f"sys.{name}", real.state.get(name), got))
        if not model_fatal and real.state["path"] != startup.sys_path:
            out.append(Mismatch("sys.path", real.state["path"], startup.sys_path))
        if real.state.get("platlibdir") is not None:  # 3.9+
            got = getattr(startup.path_config, "platlibdir", None)
            if real.state["platlibdir"] != got:
                out.append(Mismatch("sys.platlibdir", real.state["platlibdir"], got))
        real_flags, model_flags = _flags(real.state), _model_flags(startup)
        if real_flags != model_flags:
            out.append(Mismatch("sys.flags", real_flags, model_flags))
    elif real.dump is not None:
        # A failed start still tells us what getpath computed.
        for name, key in _DUMP_FIELD.items():
            if key in real.dump and real.dump[key] != getattr(startup, _MODEL_FIELD[name]):
                out.append(Mismatch(f"sys.{name} (fatal dump)", real.dump[key],
                                    getattr(startup, _MODEL_FIELD[name])))
        if "sys.path" in real.dump and real.dump["sys.path"] != startup.module_search_paths:
            out.append(Mismatch("module_search_paths (fatal dump)", real.dump["sys.path"],
                                startup.module_search_paths))
    # The twin means something only if -S took effect: a ._pth 'import site' line
    # turns site back on whatever the command line says.
    if twin is not None and twin.state is not None and twin.state["flags"]["no_site"]:
        tpath = list(twin.state["path"])
        if path0_inserted(case.kind, twin.state["version"], twin.state["flags"]) and tpath:
            tpath = tpath[1:]
        if tpath != startup.module_search_paths:
            out.append(Mismatch("module_search_paths (vs -S run minus sys.path[0])", tpath,
                                startup.module_search_paths))
    if case.ran is not None and real.state is not None:
        try:
            with open(case.ran, encoding="utf-8") as f:
                ran = f.read().splitlines()
        except FileNotFoundError:
            ran = []
        predicted = model_ran(startup, os.path.dirname(case.ran))
        if ran != predicted:
            out.append(Mismatch("startup code run (markers, in order)", ran, predicted))
    if real.warnings != model_warnings(startup):
        out.append(Mismatch("getpath warnings (stderr)", real.warnings, model_warnings(startup)))
    if real.state is not None and real.site_errors != model_site_errors(startup):
        out.append(Mismatch(".pth errors (stderr)", real.site_errors, model_site_errors(startup)))
    return out


def _flags(state: Mapping[str, Any]) -> dict[str, bool]:
    """The sys.flags a startup decides (a ._pth file changes several of them)."""
    f = state["flags"]
    out = {
        "isolated": bool(f["isolated"]),
        "ignore_environment": bool(f["ignore_environment"]),
        "no_user_site": bool(f["no_user_site"]),
        "no_site": bool(f["no_site"]),
    }
    if tuple(state["version"][:2]) >= (3, 11):
        out["safe_path"] = bool(f["safe_path"])
    return out


def _model_flags(startup: Any) -> dict[str, Any]:
    f = startup.flags
    out = {
        "isolated": f.get("isolated"),
        "ignore_environment": None if "use_environment" not in f else not f["use_environment"],
        "no_user_site": None if "user_site_directory" not in f else not f["user_site_directory"],
        "no_site": None if "site_import" not in f else not f["site_import"],
    }
    if startup.version and tuple(int(x) for x in startup.version.split(".")[:2]) >= (3, 11):
        out["safe_path"] = f.get("safe_path")
    return {k: (bool(v) if v is not None else None) for k, v in out.items()}


def _last_line(text: str) -> str:
    """The line that says why a start failed (CPython's 'Fatal Python error', the last
    exception line, or 'can't open file')."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith(" ")]
    for ln in lines:
        if ln.startswith(("Fatal Python error", "Unknown option")) or "can't open file" in ln:
            return ln
    lines = [ln for ln in lines if not ln.startswith("Current thread")]
    return lines[-1] if lines else ""


# ---------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------


def shell_command(case: Case) -> str:
    """The real run as a shell line (the probe program abbreviated as "$PROBE")."""
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(case.env.items()))
    args = " ".join('"$PROBE"' if a == PROBE else shlex.quote(a) for a in case.args)
    line = f"cd {shlex.quote(case.cwd)} && env -i {env} {shlex.quote(case.argv0)} {args}".rstrip()
    if case.stdin is not None:
        line += ' <<<"$PROBE"' if case.stdin == PROBE else f" <<<{shlex.quote(case.stdin)}"
    return line


def _fmt_list(real: list[Any], got: list[Any]) -> list[str]:
    import difflib

    lines = []
    sm = difflib.SequenceMatcher(a=[repr(x) for x in real], b=[repr(x) for x in got],
                                 autojunk=False)
    for op, a0, a1, b0, b1 in sm.get_opcodes():
        if op == "equal":
            lines += [f"        {i:>2}  {real[i]!r}" for i in range(a0, a1)]
            continue
        lines += [f"      - {i:>2}  {real[i]!r}   (real only)" for i in range(a0, a1)]
        lines += [f"      + {j:>2}  {got[j]!r}   (computed only)" for j in range(b0, b1)]
    return lines


def _oneline(text: str) -> str:
    """Trace text on one line, the probe program abbreviated."""
    return str(text).replace(PROBE, "$PROBE").replace(PROBE.strip(), "$PROBE").replace("\n", "\\n")


def format_trace(startup: Any) -> list[str]:
    lines = []
    for i, d in enumerate(getattr(startup, "trace", ()) or ()):
        inputs = ", ".join(_oneline(x) for x in d.inputs)
        lines.append(f"  {i:>3} [{d.stage}] {d.rule}: {_oneline(d.outcome)}"
                     + (f"   <- {inputs}" if inputs else ""))
    return lines or ["  (empty)"]


def probe_assignment() -> str:
    """``PROBE=$'...'``: the probe program as one bash line (ANSI-C quoting)."""
    body = PROBE.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
    return f"PROBE=$'{body}'"


def format_report(scenario: str, interp: Interp, case: Case, real: Real, startup: Any,
                  mismatches: list[Mismatch]) -> str:
    out = [f"pywhence.compute disagrees with the real interpreter: {scenario}[{interp.id}]"]
    if case.note:
        out.append(f"  scenario: {case.note}")
    for m in mismatches:
        out.append(f"  FIELD {m.field}:")
        if isinstance(m.real, list) and isinstance(m.computed, list):
            out += _fmt_list(m.real, m.computed)
        else:
            out.append(f"      real:     {_oneline(m.real)}")
            out.append(f"      computed: {_oneline(m.computed)}")
    out.append("  reproduce (real):")
    out.append(f"      {probe_assignment()}")
    out.append(f"      {shell_command(case)}")
    out.append("  reproduce (model, by hand):")
    out.append(f"      python tests/differential/show.py {scenario} {interp.id}")
    if real.stderr.strip():
        out.append("  real stderr:")
        out += [f"      {ln}" for ln in real.stderr.strip().splitlines()[:40]]
    if startup.warnings:
        out.append("  model warnings:")
        out += [f"      {ln}" for w in startup.warnings for ln in str(w).splitlines()]
    out.append("  model trace (--explain):")
    out += format_trace(startup)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Building layouts
# ---------------------------------------------------------------------------------------



def relocate_stdlib(interp: Interp, dest: Path) -> None:
    """``dest/lib/pythonX.Y``: the interpreter's stdlib, entry by entry as symlinks, with an
    empty site-packages of its own and lib-dynload's modules linked one by one; the
    libpython files linked beside it."""
    lib = dest / "lib"
    stdlib = lib / f"python{interp.xy}"
    stdlib.mkdir(parents=True)
    for name in os.listdir(interp.stdlib):
        src = os.path.join(interp.stdlib, name)
        if name == "site-packages":
            (stdlib / name).mkdir()
        elif name == "lib-dynload":
            (stdlib / name).mkdir()
            for ext in os.listdir(src):
                os.symlink(os.path.join(src, ext), stdlib / name / ext)
        else:
            os.symlink(src, stdlib / name)
    plib = os.path.join(interp.prefix, "lib")
    for name in os.listdir(plib):
        if name.startswith("libpython"):
            os.symlink(os.path.join(plib, name), lib / name)


@dataclass
class Workspace:
    """A scenario's private folder, for one interpreter, plus layouts shared per session."""

    root: Path  # this case's own folder (empty at first)
    shared_root: Path  # session-wide folder for layouts built once per interpreter
    interp: Interp
    _cache: dict[str, Path] = field(default_factory=dict)

    # -- environment ---------------------------------------------------------------------
    def env(self, **extra: str) -> dict[str, str]:
        """The controlled environment: a PATH of system dirs, HOME inside the case folder.

        PYTHONDONTWRITEBYTECODE=1 is kept (for both sides) so no run writes into the
        interpreters' own trees; no other PYTHON* variable leaks from outside.  No LANG or
        LC_*: the C locale, so .pth files decode as UTF-8 (PEP 538/540) on every version.
        """
        home = self.root / "home"
        home.mkdir(exist_ok=True)
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"}
        env.update(extra)
        return env

    # -- files ---------------------------------------------------------------------------
    def path(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, text: str | bytes) -> Path:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text)
        return p

    def mkdir(self, rel: str) -> Path:
        p = self.root / rel
        p.mkdir(parents=True, exist_ok=True)
        return p

    def symlink(self, rel: str, target: str | Path) -> Path:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(str(target), p)
        return p

    def copy_binary(self, rel: str) -> Path:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.interp.binary, p)
        return p

    def probe_script(self, rel: str) -> Path:
        return self.write(rel, PROBE)

    # -- shared layouts ------------------------------------------------------------------
    def shared(self, key: str, build: Callable[[Path], None]) -> Path:
        """A layout built once per interpreter and session (e.g. a venv, a relocated copy)."""
        where = self.shared_root / self.interp.id / key
        if not (where / ".built").exists():
            if where.exists():
                shutil.rmtree(where)
            where.mkdir(parents=True)
            build(where)
            (where / ".built").write_text("")
        return where

    def venv(self, dest: Path, *options: str) -> Path:
        """``python -m venv --without-pip`` (fast; pip is not what is under test)."""
        subprocess.run([self.interp.binary, "-m", "venv", "--without-pip", *options, str(dest)],
                       check=True, capture_output=True, env=self.env(), timeout=120)
        return dest

    def relocated(self) -> Path:
        """A copy of the interpreter's prefix in another place (built once per interpreter).

        bin/ holds a real copy of the binary; lib/pythonX.Y is a real directory whose
        entries are symlinks to the original stdlib (the landmark os.py resolves, encodings
        imports), except site-packages (an empty real dir) and lib-dynload (a real dir of
        symlinked extension modules, as exec_prefix's landmark); the libpython .so is
        symlinked too (the binary's RUNPATH is absolute, so it loads the original anyway).
        """
        interp = self.interp

        def build(where: Path) -> None:
            (where / "bin").mkdir()
            shutil.copy2(interp.binary, where / "bin" / interp.exe_name)
            os.symlink(interp.exe_name, where / "bin" / f"python{interp.version[0]}")
            relocate_stdlib(interp, where)

        return self.shared("relocated", build)


def run_model(case: Case) -> Any:
    """``pywhence.compute`` for the case (imported late: the suite collects without it)."""
    import pywhence

    return pywhence.compute(python=case.argv0, args=list(case.args), env=dict(case.env),
                            cwd=case.cwd)


def host_python_note() -> str:
    return f"host {sys.executable} {sys.version.split()[0]}"
