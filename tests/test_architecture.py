"""The package's shape: layers that import one way, no cycles, small modules and functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "handoutkit"
# Each subpackage may import only those below it (errors is the floor of everything).
LAYERS = ["errors", "content", "layout", "pdf", ("press", "deliver", "authoring"), "app",
          ("cli", "desk")]  # the front doors
MAX_LINES = 300
MAX_PARAMS = 6
MAX_TOP_LEVEL = 8


def _rank(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    for rank, layer in enumerate(LAYERS):
        if top == layer or (isinstance(layer, tuple) and top in layer):
            return rank
    return -1  # handoutkit/__init__.py and top-level helpers: checked by name below


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(name: str, path: Path) -> set[str]:
    """Every handoutkit module *name* imports, at the top or inside functions (not under
    `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.startswith("handoutkit"):
                for alias in node.names:
                    full = f"{module}.{alias.name}"
                    found.add(full if full in MODULES else module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("handoutkit"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    found.discard(name)
    return {m for m in found if m in MODULES}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_no_import_cycle_between_modules() -> None:
    # a package's __init__ importing its own modules is fine; modules importing each other is not
    graph = {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in GRAPH.items()}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_no_cycle_between_subpackages() -> None:
    def top(m: str) -> str:
        return ".".join(m.split(".")[:2])

    graph: dict[str, set[str]] = {}
    for m, deps in GRAPH.items():
        graph.setdefault(top(m), set()).update(top(d) for d in deps if top(d) != top(m))
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_dependencies_point_down_the_layers() -> None:
    wrong = [f"{m} imports {d}" for m, deps in GRAPH.items() for d in sorted(deps)
             if _rank(m) >= 0 and _rank(d) >= 0 and _rank(d) > _rank(m)]
    assert not wrong, "\n".join(wrong)


def test_few_modules_stay_at_the_top() -> None:
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= MAX_TOP_LEVEL, top


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_small_and_says_what_it_is_for(name: str) -> None:
    source = MODULES[name].read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_LINES, f"{name} has {len(source.splitlines())} lines"
    doc = ast.get_docstring(ast.parse(source))
    assert doc and doc.strip() and "TODO" not in doc, f"{name} needs a one-line docstring"


def test_no_function_takes_more_than_six_parameters() -> None:
    wide = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                a = node.args
                params = [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs
                          if p.arg not in ("self", "cls")]
                params += [x.arg for x in (a.vararg, a.kwarg) if x]
                if len(params) > MAX_PARAMS:
                    wide.append(f"{name}.{node.name}: {len(params)}")
    assert not wide, "\n".join(wide)
