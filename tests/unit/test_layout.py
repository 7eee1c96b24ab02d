"""The package's shape: imports flow one way, with no cycle, and every module says what
it models.

The flow is cli -> API -> stages -> inputs -> shared types (docs/architecture.md).  Each
module gets a rank; a module may import from a lower rank, or from its own folder as
long as no cycle forms.  Imports inside functions and under ``TYPE_CHECKING`` count too:
a lazy import is still a dependency, only a later one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "pywhence"

#: Modules that are shared types: plain values every layer may use.
SHARED = {
    "pywhence._diskcache",
    "pywhence._memo",
    "pywhence._record",
    "pywhence.errors",
    "pywhence.trace",
    "pywhence.invocation",
    "pywhence.target.interpreter",
    "pywhence.target.behaviour",
}

#: Folder (or module) -> rank; higher may import lower.
RANKS = {
    "shared": 0,
    "pywhence.disk": 1,  # what the model reads
    "pywhence.target": 2,  # what the interpreter is (discovery reads the disk)
    "pywhence.run": 3,  # a stage of its own: run_path uses only shared types
    "pywhence.startup": 3,
    "pywhence.imports": 4,  # on top of startup
    "pywhence.audit": 5,  # on top of startup and imports
    "pywhence": 6,  # the public API (the package's __init__)
    "pywhence.cli": 7,
    "pywhence.__main__": 8,  # python -m pywhence: the entry point over the CLI
}


def _module_name(path: Path) -> str:
    parts = ["pywhence", *path.relative_to(SRC).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _group(module: str) -> str:
    if module in SHARED:
        return "shared"
    for prefix in sorted(RANKS, key=len, reverse=True):
        if prefix != "shared" and (module == prefix or module.startswith(prefix + ".")):
            return prefix
    raise AssertionError(f"{module} belongs to no layer: give it a rank in test_layout.py")


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """Every pywhence module that *module* imports, wherever the import statement is."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                if node.level > 1:
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts)
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            # `from pkg import mod` imports a module when mod is one.
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {m: _imports(m, p, known) for m, p in mods.items()}


def test_the_walk_sees_imports() -> None:
    # A check of the checker: known edges of the data flow are found.
    graph = _graph()
    assert "pywhence.disk.fs" in graph["pywhence.target.discovery"]
    assert "pywhence.startup.getpath" in graph["pywhence.startup.pylifecycle"]
    assert "pywhence.errors" in graph["pywhence.cli"]


def test_imports_flow_one_way() -> None:
    wrong = []
    for module, deps in _graph().items():
        mine = _group(module)
        for dep in deps:
            theirs = _group(dep)
            if theirs == mine:
                continue  # within one folder: the cycle test below governs
            if RANKS[theirs] >= RANKS[mine]:
                wrong.append(f"{module} ({mine}) imports {dep} ({theirs})")
    assert not wrong, "imports against the flow cli -> API -> stages -> inputs -> shared:\n" + (
        "\n".join(sorted(wrong))
    )


def test_no_import_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append(" -> ".join(stack[stack.index(dep):] + [dep]))
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("module", sorted(_modules()))
def test_module_says_what_it_models(module: str) -> None:
    path = _modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    if path.name == "__init__.py" and not tree.body:
        pytest.skip("an empty package marker")
    assert doc and len(doc.split()) >= 5, f"{path}: no opening docstring saying what it models"


@pytest.mark.parametrize("module", sorted(_modules()))
def test_module_is_small(module: str) -> None:
    lines = _modules()[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 700, f"{module} has {lines} lines; split it along the CPython file it models"
