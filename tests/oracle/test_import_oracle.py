"""The import stage against the real importlib of each local CPython, on Windows and
macOS worlds.

For every (interpreter, platform, PYTHONCASEOK variant): pywhence computes the startup;
its ``sys.path`` is handed to the interpreter's own ``importlib._bootstrap`` and
``_bootstrap_external``, executed in the sandbox of ``importlib_sandbox.py`` while
pretending to be ``sys.platform`` win32 or darwin; then, for every name the world asks
about, what the version's own ``importlib.util.find_spec`` returns is compared with
``pywhence.which_world``: the spec's ``origin``, its loader's class name,
``submodule_search_locations`` (as a list) and ``cached`` -- all None when nothing is
found -- and the exception find_spec raises, if any.  An interpreter that is not
installed is skipped; none at all is a failure.

Run: ``python -m pytest tests/oracle/test_import_oracle.py -q``.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

import pywhence
from pywhence.disk.world import world_from_dict
from pywhence.imports.result import Resolution
from pywhence.startup.pylifecycle import compute_startup

from .import_worlds import VARIANTS, import_worlds
from .importlib_sandbox import (
    BootstrapSource,
    Found,
    ImportInputs,
    SandboxError,
    all_sources,
    available_sources,
    extension_suffixes,
    local_extension_suffixes,
    run_find_spec,
)

View = dict[str, Any]

PLATFORMS = ("win32", "darwin")
FIELDS = ("origin", "loader", "submodule_search_locations", "cached", "error")


# ---------------------------------------------------------------------------------------
# The two sides
# ---------------------------------------------------------------------------------------


def sandbox_inputs(src: BootstrapSource, world_data: dict[str, Any]) -> ImportInputs:
    """What importlib finds when the program starts, from pywhence's startup."""
    world = world_from_dict(world_data)
    startup = compute_startup(world.interpreter, world.invocation, world.fs)
    assert startup.fatal is None, f"world generator: startup fails ({startup.fatal})"
    platform = world.interpreter.platform
    return ImportInputs(
        platform=platform, fs=world.fs, cwd=world.invocation.cwd,
        environ=dict(world.invocation.env), sys_path=list(startup.sys_path),
        ignore_environment=not startup.flags["use_environment"],
        extension_suffixes=extension_suffixes(src.version, platform),
    )


def sandbox_view(found: Found) -> View:
    return {k: getattr(found, k) for k in FIELDS}


def model_view(res: Resolution) -> View:
    spec = res.spec
    if spec is None:
        return {"origin": None, "loader": None, "submodule_search_locations": None,
                "cached": None, "error": res.error}
    smsl = spec.submodule_search_locations
    return {"origin": spec.origin, "loader": spec.loader,
            "submodule_search_locations": None if smsl is None else list(smsl),
            "cached": spec.cached, "error": res.error}


def run_case(src: BootstrapSource, world: dict[str, Any], names: tuple[str, ...]
             ) -> tuple[dict[str, Found], dict[str, View]]:
    inputs = sandbox_inputs(src, world)
    real = run_find_spec(src, inputs, list(names))
    which = pywhence.which_world(world, names)
    assert which.fatal is None, which.fatal
    assert which.sys_path == inputs.sys_path
    model = {r.name: model_view(r) for r in which.modules}
    return real, model


def compare(real: dict[str, Found], model: dict[str, View]) -> list[str]:
    diffs = []
    for name, found in real.items():
        r, m = sandbox_view(found), model[name]
        for k in FIELDS:
            if r[k] != m[k]:
                diffs.append(f"{name} {k}:\n      importlib: {r[k]!r}\n      pywhence:  {m[k]!r}")
    return diffs


# ---------------------------------------------------------------------------------------
# Known model defects (each one a genuine disagreement with importlib; see the reasons)
# ---------------------------------------------------------------------------------------

NameMatcher = Callable[[BootstrapSource, str, str], bool]

#: (source, platform, name) -> the reason pywhence is wrong there.  A matching name is
#: left out of the main comparison and checked by test_known_disagreement (strict xfail),
#: so every other name of the world stays compared.
KNOWN: list[tuple[NameMatcher, str]] = [
]


def known_reason(src: BootstrapSource, platform: str, name: str) -> str | None:
    reasons = [reason for match, reason in KNOWN if match(src, platform, name)]
    return " | ".join(reasons) or None


# ---------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------


def _cases() -> list[Any]:
    out = []
    for src in all_sources():
        for platform in PLATFORMS:
            for variant, world, names in import_worlds(src.version_text, platform):
                out.append(pytest.param(src, platform, variant, world, names,
                                        id=f"{src.label}-{platform}-{variant}"))
    return out


def _known_cases() -> list[Any]:
    out = []
    for src in all_sources():
        for platform in PLATFORMS:
            _, world, names = import_worlds(src.version_text, platform)[0]
            for name in names:
                reason = known_reason(src, platform, name)
                if reason:
                    out.append(pytest.param(src, platform, world, name, id=f"{src.label}-{platform}-{name}",
                                            marks=pytest.mark.xfail(strict=True, reason=reason)))
    return out


CASES = _cases()
KNOWN_CASES = _known_cases()
AVAILABLE = {s.label for s in available_sources()}


def test_some_importlib_is_installed() -> None:
    """No local interpreter at all means no oracle: a failure, never a skip."""
    assert AVAILABLE, "no local CPython importlib found: " + ", ".join(s.lib for s in all_sources())


def _agree(src: BootstrapSource, world: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    real, model = run_case(src, world, names)
    noisy = {n: f.warnings for n, f in real.items() if f.warnings}
    assert not noisy, f"importlib warned (an incomplete sandbox?): {noisy}"
    return compare(real, model)


@pytest.mark.parametrize("src,platform,variant,world,names", CASES)
def test_find_spec_agrees_with_importlib(src: BootstrapSource, platform: str, variant: str,
                                         world: dict[str, Any], names: tuple[str, ...]) -> None:
    if src.label not in AVAILABLE:
        pytest.skip(f"{src.lib}/importlib is not installed")
    assert variant in VARIANTS
    checked = tuple(n for n in names if known_reason(src, platform, n) is None)
    diffs = _agree(src, world, checked)
    assert not diffs, (f"{src.label} {platform} {variant}: pywhence disagrees with importlib\n  "
                       + "\n  ".join(diffs))


@pytest.mark.parametrize("src,platform,world,name", KNOWN_CASES)
def test_known_disagreement(src: BootstrapSource, platform: str, world: dict[str, Any],
                            name: str) -> None:
    """Each KNOWN entry, alone: fails until pywhence is fixed, then passes (strict xfail)."""
    if src.label not in AVAILABLE:
        pytest.skip(f"{src.lib}/importlib is not installed")
    diffs = _agree(src, world, (name,))
    assert not diffs, "\n  ".join(diffs)


# ---------------------------------------------------------------------------------------
# The oracle itself can fail
# ---------------------------------------------------------------------------------------


def _first_available() -> BootstrapSource:
    srcs = available_sources()
    if not srcs:
        pytest.fail("no local CPython importlib found")
    return srcs[0]


def _world(src: BootstrapSource, platform: str, variant: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    for v, world, names in import_worlds(src.version_text, platform):
        if v == variant:
            return world, names
    raise AssertionError(variant)


def test_compare_reports_each_field_that_differs() -> None:
    src = _first_available()
    world, names = _world(src, "win32", "plain")
    real, model = run_case(src, world, names)
    for key, value in [("origin", "C:\\elsewhere.py"), ("loader", "zipimporter"),
                       ("submodule_search_locations", ["C:\\x"]), ("cached", None),
                       ("error", "ImportError: x")]:
        changed = {**model, "Mod": {**model["Mod"], key: value}}
        if changed["Mod"] == model["Mod"]:
            continue
        diffs = [d for d in compare(real, changed) if d.startswith("Mod ")]
        assert len(diffs) == 1 and diffs[0].startswith(f"Mod {key}:"), diffs


@pytest.mark.parametrize("platform", PLATFORMS)
def test_importlib_really_runs_per_platform(platform: str) -> None:
    """The answers come from importlib's own platform branches, not from this file:
    ``.pyw`` is a source suffix on Windows only, extension suffixes differ, and
    PYTHONCASEOK relaxes the case of what the directory listing must contain."""
    src = _first_available()
    world, names = _world(src, platform, "plain")
    plain = run_find_spec(src, sandbox_inputs(src, world), list(names))
    world_ok, _ = _world(src, platform, "caseok")
    relaxed = run_find_spec(src, sandbox_inputs(src, world_ok), ["MOD"])
    sep = "\\" if platform == "win32" else "/"
    assert plain["Mod"].origin is not None and plain["Mod"].origin.endswith(f"{sep}Mod.py")
    assert plain["MOD"].origin is None
    if platform == "win32":
        assert plain["gui"].loader == "SourceFileLoader"
        assert plain["ext_tag"].loader == "ExtensionFileLoader"
        assert plain["shout"].origin is None and plain["Shout"].origin.endswith("\\Shout.py")
        assert relaxed["MOD"].origin.endswith("\\MOD.py")  # the asked spelling, not the disk's
    else:
        assert plain["gui"].origin is None
        assert plain["ext_tag"].loader == "ExtensionFileLoader"
        # a case-sensitive volume: the relaxed listing matches, stat of "MOD.py" does not
        assert relaxed["MOD"].origin is None
    assert plain["lone"].loader == "SourcelessFileLoader" and plain["lone"].cached == plain["lone"].origin
    assert plain["ns"].loader is None and len(plain["ns"].submodule_search_locations or []) == 2
    assert plain["cachedonly"].origin is None


def test_sandbox_never_falls_back_silently() -> None:
    """A module the bootstrap imports that the sandbox lacks is an error, not an ImportError."""
    from .importlib_sandbox import _Sandbox

    src = _first_available()
    world, _ = _world(src, "win32", "plain")
    box = _Sandbox(src, sandbox_inputs(src, world))
    with pytest.raises(SandboxError):
        box.builtin_import("tokenize", {"__name__": "_frozen_importlib_external"})
    with pytest.raises(SandboxError):
        box.modules["nt"].mkdir("C:\\x")


@pytest.mark.parametrize("src", all_sources(), ids=lambda s: s.label)
def test_darwin_suffixes_follow_the_local_build(src: BootstrapSource) -> None:
    """The macOS suffixes are ``dynload_shlib.c``'s, the file every POSIX build uses: the
    local (Linux) build's own list, with its platform triplet spelt ``darwin``, must be
    :func:`extension_suffixes`' -- except Debian's 3.14, whose own patch adds
    ``.abi3-<multiarch>.so`` after ``.abi3.so`` (upstream 3.14 has no tagged abi3)."""
    import os

    if src.label not in AVAILABLE or not os.access(src.python, os.X_OK):
        pytest.skip(f"{src.python} is not installed")
    local = [s.replace("x86_64-linux-gnu", "darwin") for s in local_extension_suffixes(src.python)]
    if src.version[:2] == (3, 14) and src.label.startswith("debian-"):
        local.remove(".abi3-darwin.so")
    assert local == extension_suffixes(src.version, "darwin")


# ---------------------------------------------------------------------------------------
# Calibration: the sandbox against the real interpreters, on this (Linux) machine
# ---------------------------------------------------------------------------------------

_PROBE = r"""
import sys, json, importlib.util
dirs, names = sys.argv[1:3], sys.argv[3:]
sys.path[:] = dirs
out = {}
for name in names:
    before = set(sys.modules)
    row = {"origin": None, "loader": None, "submodule_search_locations": None, "cached": None,
           "error": None}
    try:
        spec = importlib.util.find_spec(name)
        if spec is not None:
            smsl = spec.submodule_search_locations
            row.update(origin=spec.origin, cached=spec.cached,
                       loader=None if spec.loader is None else type(spec.loader).__name__,
                       submodule_search_locations=None if smsl is None else list(smsl))
    except (ImportError, ValueError) as exc:
        row["error"] = f"{type(exc).__name__}: {exc}"
    for added in set(sys.modules) - before:
        del sys.modules[added]
    out[name] = row
print(json.dumps(out))
"""

#: A real layout: (relative path, directory?) under two sys.path entries "a" and "b".
_LAYOUT = [
    "a/Mod.py", "a/pkg/__init__.py", "a/pkg/sub.py", "a/pkg/inner/leaf.py", "a/ns/x.py",
    "a/lone.pyc", "a/ext{tag}", "a/ext_abi3.abi3.so", "a/ext_pyd.pyd", "a/ext_both{tag}",
    "a/ext_both.so", "a/__pycache__/cachedonly.{cache_tag}.pyc", "a/pkgmod/__init__.py",
    "a/pkgmod.py", "a/nsmod/", "a/nsmod.py", "a/pycpkg/__init__.pyc", "a/dual.py",
    "a/dual.pyw", "a/gui.pyw", "a/somedir.py/", "a/nosuffix",
    "b/ns/y.py", "b/ns/deep/leaf.py", "b/mod.py", "b/Pkg/__init__.py",
]
_CALIBRATION_NAMES = [
    "Mod", "mod", "MOD", "pkg", "Pkg", "pkg.sub", "pkg.Sub", "pkg.nosuch", "pkg.inner", "pkg.inner.leaf",
    "ns", "ns.x", "ns.y", "ns.deep", "ns.deep.leaf", "ns.z", "lone", "ext", "ext_abi3", "ext_pyd",
    "ext_both", "cachedonly", "pkgmod", "nsmod", "pycpkg", "dual", "gui", "somedir", "nosuffix",
    "Mod.sub", "Mod.x.y", "nosuch", "nosuch.sub", "ns.deep.nosuch.x", "lone.sub", "pycpkg.sub",
]


@pytest.mark.parametrize("src", all_sources(), ids=lambda s: s.label)
def test_sandbox_reproduces_the_real_interpreter(src: BootstrapSource, tmp_path: Any) -> None:
    """The sandbox is faithful: over a real directory tree (pywhence's LocalFS) with the
    real build's extension suffixes, its answers are exactly what the real interpreter's
    ``importlib.util.find_spec`` returns there (on Linux, the one platform this machine
    is; the Windows and macOS branches are the same source run with another
    ``sys.platform``)."""
    import json
    import os
    import subprocess

    from pywhence.disk.fs import LocalFS

    if src.label not in AVAILABLE or not os.access(src.python, os.X_OK):
        pytest.skip(f"{src.python} is not installed")
    suffixes = list(local_extension_suffixes(src.python))
    major, minor, _ = src.version
    root = str(tmp_path)
    for rel in _LAYOUT:
        path = os.path.join(root, rel.format(tag=suffixes[0], cache_tag=f"cpython-{major}{minor}"))
        if path.endswith("/"):
            os.makedirs(path, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb"):
            pass
    dirs = [os.path.join(root, "a"), os.path.join(root, "b")]
    proc = subprocess.run([src.python, "-I", "-S", "-B", "-c", _PROBE, *dirs, *_CALIBRATION_NAMES],
                          capture_output=True, text=True, cwd=root, timeout=60, check=False,
                          env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    real = json.loads(proc.stdout)
    inputs = ImportInputs(platform="linux", fs=LocalFS(), cwd=root, environ={}, sys_path=dirs,
                          ignore_environment=True, extension_suffixes=suffixes)
    box = run_find_spec(src, inputs, _CALIBRATION_NAMES)
    assert {n: sandbox_view(f) for n, f in box.items()} == real
    assert not any(f.warnings for f in box.values())
