"""Random composed layouts (fuzz_layouts.py) against the real interpreters.

A fixed set of seeds, each built for every interpreter, run for real (and with -S) and
computed by ``pywhence.compute``; every field is compared with the harness's
:func:`~harness.compare`.  The layouts are deterministic (a seed is a layout), so a
failure here is reproduced with::

    python -m tests.differential.fuzz_layouts --seeds SEED --interp ID --keep -v

Many more seeds are run by hand (``--seeds 0-2000 --jobs 2``).  The mismatches those runs
found are reduced to minimal layouts in :data:`REDUCED`, marked ``xfail(strict=True)``
on the interpreters that disagree, until the model is fixed.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from .fuzz_layouts import (
    FPROBE,
    _relocate_stdlib,
    build_layout,
    format_outcome,
    known_issue,
    run_layout,
)
from .harness import (
    PROBE,
    Case,
    Interp,
    Workspace,
    compare,
    discover_interpreters,
    format_report,
    run_model,
    run_oracles,
)

INTERPRETERS = discover_interpreters()

#: The committed seeds: 40 layouts x every interpreter (about 20 s on 2 cores).
SEEDS = range(40)


def _folder(name: str, interp: Interp) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", f"{name}-{interp.id}")


@pytest.mark.parametrize(
    ("seed", "interp"),
    [pytest.param(s, i, id=f"fuzz-{s}[{i.id}]") for s in SEEDS for i in INTERPRETERS],
)
def test_fuzz_layout(seed: int, interp: Interp, diff_root: Path) -> None:
    root = diff_root / _folder(f"fuzz-{seed}", interp)
    root.mkdir()
    o = run_layout(seed, interp, root, diff_root / "_shared")
    if o.skipped:
        pytest.skip(f"harness: {o.skipped}")
    known = known_issue(o)
    if known:
        # Reduced and xfailed (strict) in test_reduced; here only the layout's other
        # fields would be news, and known_issue() checks there are none.
        pytest.xfail(f"known issue: {known}")
    if o.failed:
        pytest.fail(format_outcome(o), pytrace=False)


def test_layouts_are_deterministic(tmp_path: Path) -> None:
    """A seed is a layout: building it twice gives the same case and description."""
    if not INTERPRETERS:
        pytest.skip("no interpreter")
    interp = INTERPRETERS[-1]
    for seed in (3, 11, 29):
        shown = []
        for n in (1, 2):
            root = tmp_path / f"{seed}-{n}"
            root.mkdir()
            case, desc = build_layout(seed, Workspace(root, tmp_path / "_shared", interp))
            text = repr((case.argv0, case.args, sorted(case.env.items()), case.cwd, case.stdin,
                         case.kind, desc))
            shown.append(text.replace(str(root), "$ROOT"))
        assert shown[0] == shown[1]


# ---------------------------------------------------------------------------------------
# Mismatches found by long runs, reduced to minimal layouts
# ---------------------------------------------------------------------------------------


def _predates(interp: Interp, fixed_in: dict[tuple[int, int], int]) -> bool:
    """Whether *interp* is a release of a branch listed in *fixed_in* (minor -> first
    micro with the fix) older than that micro."""
    micro = fixed_in.get(interp.version[:2])
    return micro is not None and interp.version[2] < micro


def _hidden_pth_relocated(ws: Workspace) -> Case:
    """A relocated copy (binary copied, stdlib entries symlinked, original libpython
    loaded through the absolute RUNPATH) with ``.h.pth`` in its own site-packages."""
    i = ws.interp
    r = ws.root / "reloc"
    (r / "bin").mkdir(parents=True)
    shutil.copy2(i.binary, r / "bin" / i.exe_name)
    _relocate_stdlib(i, r)
    ws.mkdir("hid")
    sp = r / "lib" / (f"python{i.version[0]}/dist-packages" if i.debian else f"python{i.xy}/site-packages")
    sp.mkdir(parents=True, exist_ok=True)
    (sp / ".h.pth").write_text(f"{ws.root}/hid\n")
    return Case(str(r / "bin" / i.exe_name), ("-c", PROBE), ws.env(), str(ws.root))


#: setuptools' distutils-precedence.pth line, verbatim.
DISTUTILS_PRECEDENCE = (
    "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') "
    "== 'local'; enabled and __import__('_distutils_hack').add_shim(); "
)


def _user_pth(files: dict[str, str]) -> Callable[[Workspace], Case]:
    """The interpreter itself, a user site holding *files* (AFTER: an existing dir)."""

    def build(ws: Workspace) -> Case:
        i = ws.interp
        us = ws.root / "home" / ".local" / "lib" / f"python{i.xy}" / "site-packages"
        us.mkdir(parents=True)
        ws.mkdir("after")
        for name, text in files.items():
            (us / name).write_text(text.replace("AFTER", f"{ws.root}/after"))
        return Case(i.binary, ("-c", PROBE), ws.env(), str(ws.root))

    return build


def _pth_beside_relative_exe(path_entry: str, line: str) -> Callable[[Workspace], Case]:
    """``python`` (a copy of the binary) with ``python._pth`` (stdlib, lib-dynload, *line*)
    in ``$ROOT/v/bin``, run as the bare name ``python`` found through the relative PATH
    entry *path_entry* ('pathlink': a symlink to v/bin; '': the cwd, which is v/bin)."""

    def build(ws: Workspace) -> Case:
        i = ws.interp
        d = ws.mkdir("v/bin")
        shutil.copy2(i.binary, d / "python")
        (d / "python._pth").write_text(f"{i.stdlib}\n{i.stdlib}/lib-dynload\n{line}\n")
        cwd = ws.root
        if path_entry == "pathlink":
            (ws.root / "pathlink").symlink_to(d)
        else:
            cwd = d
        return Case("python", ("-c", PROBE), ws.env(PATH=f"{path_entry}:/usr/bin:/bin"), str(cwd))

    return build


def _lone_copy_builddir(ws: Workspace) -> Case:
    """A lone copy of the binary with ``pybuilddir.txt`` beside it (build-tree mode)."""
    exe = ws.copy_binary(f"solo/bin/{ws.interp.exe_name}")
    (exe.parent / "pybuilddir.txt").write_text("build/lib.fuzz\n")
    return Case(str(exe), ("-c", PROBE), ws.env(), str(ws.root))


def _dotdot_after_dir_link(ws: Workspace) -> Case:
    """base/bin/pythonX.Y a copy, base/lib -> the install's lib/; d/bin/python ->
    ../../base/bin/pythonX.Y (relative); argv0 = <root>/pathlink/python, pathlink -> d/bin.

    3.8-3.10 getpath.c joins the link's text to the *unresolved* directory
    (<root>/pathlink/../../base/bin), which the kernel resolves after the symlink
    (<root>/base/bin) but which normalises lexically to <root>/../base/bin."""
    i = ws.interp
    b = ws.mkdir("base/bin")
    shutil.copy2(i.binary, b / i.exe_name)
    (ws.root / "base" / "lib").symlink_to(Path(i.prefix) / "lib")
    d = ws.mkdir("d/bin")
    (d / "python").symlink_to(f"../../base/bin/{i.exe_name}")
    (ws.root / "pathlink").symlink_to(d)
    return Case(str(ws.root / "pathlink" / "python"), ("-c", FPROBE), ws.env(), str(ws.root))


def _dotdot_after_dir_link_module(ws: Workspace) -> Case:
    """The layout of :func:`_dotdot_after_dir_link`, running ``-m probe_mod`` (in the cwd)."""
    case = _dotdot_after_dir_link(ws)
    ws.write("probe_mod.py", FPROBE)
    return replace(case, args=("-m", "probe_mod"), kind="module")


@dataclass(frozen=True)
class Reduced:
    build: Callable[[Workspace], Case]
    #: The interpreters on which the model is known to disagree (xfail strict there).
    affected: Callable[[Interp], bool]
    reason: str


REDUCED: dict[str, Reduced] = {
    "hidden-pth-relocated": Reduced(
        _hidden_pth_relocated,
        lambda i: _predates(i, {(3, 8): 19, (3, 9): 19, (3, 10): 14}),
        "a relocated 3.8-3.10 copy: the model cannot read the micro version (no Py_Version "
        "before 3.11, no include/, no pyenv-style dir name beside the copied binary) and "
        "assumes the gh-113659 backport, so it skips '.h.pth'; the real 3.8.18/3.9.18/"
        "3.10.13 site.py (symlinked from the original stdlib) predates the backport and "
        "processes it (sys.path lacks the .pth's directory)",
    ),
    "pth-dunder-import-missing": Reduced(
        _user_pth({"a.pth": DISTUTILS_PRECEDENCE + "\nAFTER\n"}),
        lambda i: True,
        "user site a.pth = setuptools' distutils-precedence line, then a directory; "
        "_distutils_hack is nowhere: the real exec(line) raises ModuleNotFoundError, site "
        "prints 'Error processing line 1' and ignores the rest (the directory is not "
        "added; 3.15 prints 'Error in import line from ...' and adds it, PEP 829); the "
        "model does not see __import__('_distutils_hack'): it adds the directory and "
        "reports no error",
    ),
    "pth-after-non-plain-import": Reduced(
        _user_pth({"a.pth": "import os; x = 1\n", "b.pth": "import no_such_module_q\nAFTER\n"}),
        lambda i: True,
        "user site a.pth = 'import os; x = 1' (harmless), b.pth = 'import no_such_module_q' "
        "then a directory: the real import fails (error, rest of b.pth ignored; 3.15: "
        "error, the directory added); the model assumes any import line after a non-plain "
        "one may succeed (hooks_possible) and adds the directory without the error",
    ),
    "pth-file-dotdot-relative-executable": Reduced(
        _pth_beside_relative_exe("pathlink", ".."),
        lambda i: False,  # fixed: the model's _Py_normpath gives '' too
        "PATH='pathlink:...' (relative entry, a symlink to v/bin holding a copy 'python' and "
        "python._pth with a '..' line): the executable stays 'pathlink/python', getpath's "
        "joinpath('pathlink', '..') is normalised by C _Py_normpath to '' (sys.path and "
        "module_search_paths hold ''); fixed in 49e2a77, kept as a regression case",
    ),
    "pth-file-dot-empty-path-entry": Reduced(
        _pth_beside_relative_exe("", "."),
        lambda i: False,  # fixed: switch normpath_dot_is_empty (3.14+)
        "PATH=':...' (empty entry), cwd = v/bin holding a copy 'python' and python._pth with "
        "a '.' line: sys.executable stays 'python' (no directory, 3.11+), so getpath.py "
        "computes joinpath('', '.'): 3.11-3.13 keep '.', 3.14 and 3.15 yield '' (C "
        "_Py_normpath('.') is '' from 3.14); kept as a regression case",
    ),
    "site-packages-dotdot-after-dir-link": Reduced(
        _dotdot_after_dir_link,
        lambda i: not i.at_least(3, 11),
        "argv0 <root>/pathlink/python, pathlink -> d/bin, d/bin/python -> "
        "../../base/bin/pythonX.Y (a copy beside base/lib -> the install's lib): getpath.c "
        "(3.8-3.10) makes sys.prefix <root>/pathlink/../../base, which the kernel resolves "
        "to <root>/base; site.py tests os.path.isdir on that unnormalised prefix's "
        "site-packages (true) and appends it normalised (<root>/../base/lib/pythonX.Y/"
        "site-packages, a directory that does not exist); the model tests the normalised "
        "path and leaves it out of sys.path",
    ),
    "runpy-missing-dotdot-after-dir-link": Reduced(
        _dotdot_after_dir_link_module,
        lambda i: not i.at_least(3, 11),
        "the layout of site-packages-dotdot-after-dir-link run as '-m probe_mod': the "
        "stdlib was found through <root>/pathlink/../../base (the kernel resolves '..' "
        "after the link), site's removeduppaths() normalises sys.path lexically to "
        "<root>/../base/lib/pythonX.Y (missing), so runpy cannot be imported after site "
        "and the real run exits 1 ('Could not import runpy module'); the model says the "
        "start succeeds",
    ),
    "build-dir-lone-copy-unknown-vpath": Reduced(
        _lone_copy_builddir,
        lambda i: bool(getattr(i, "relocated", False)) and i.at_least(3, 14),
        "a lone copy of an interpreter unpacked away from its build prefix (sid's 3.14 and "
        "3.15 in .oracles/), pybuilddir.txt beside it: fatal on both sides, but the real dump's "
        "module_search_paths hold <copy>/../Lib (VPATH '..' from getpath.c's build) where "
        "the model, finding no sysconfigdata, assumes VPATH '' (<copy dir>/Lib)",
    ),
}


def _reduced_params() -> list[object]:
    out = []
    for name, r in REDUCED.items():
        for i in INTERPRETERS:
            marks = [pytest.mark.xfail(strict=True, reason=r.reason)] if r.affected(i) else []
            out.append(pytest.param(name, i, id=f"{name}[{i.id}]", marks=marks))
    return out


@pytest.mark.parametrize(("name", "interp"), _reduced_params())
def test_reduced(name: str, interp: Interp, diff_root: Path) -> None:
    root = diff_root / _folder(f"reduced-{name}", interp)
    root.mkdir()
    ws = Workspace(root=root, shared_root=diff_root / "_shared", interp=interp)
    case = REDUCED[name].build(ws)
    real, twin = run_oracles([case, case.with_S()])
    if real.fatal and real.returncode == 127:
        pytest.fail(f"harness: could not run {case.argv0}: {real.stderr}")
    startup = run_model(case)
    mismatches = compare(case, real, startup, None if real.fatal else twin)
    if mismatches:
        pytest.fail(format_report(f"reduced-{name}", interp, case, real, startup, mismatches),
                    pytrace=False)

