"""The package's layout: no import cycles between its modules, training code kept out of the
run-time path."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import viextract

SRC = Path(viextract.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every viextract module ``path`` imports, at the top or inside a function, leaving out
    imports made only for type checkers."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking_only(child):
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name in modules)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    target = ".".join([*base, *([child.module] if child.module else [])])
                else:
                    target = child.module or ""
                for alias in child.names:
                    sub = f"{target}.{alias.name}"
                    if sub in modules:
                        found.add(sub)
                    elif target in modules:
                        found.add(target)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    paths = sorted(SRC.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): _imports(p, modules) for p in paths}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := dfs(nxt)) is not None:
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := dfs(node)) is not None:
            return found
    return None


def test_graph_sees_the_imports() -> None:
    graph = _graph()
    assert "viextract.pipeline" in graph["viextract"]
    assert "viextract.ner.model" in graph["viextract.pipeline"]  # imported inside a function
    assert "viextract.document" not in graph["viextract.output.tables"]  # TYPE_CHECKING only


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycles() -> None:
    # the root package imports nearly everything, and a submodule importing the root package
    # is a cycle too
    assert _cycle(_graph()) is None


def _modules_after_an_extraction() -> set[str]:
    code = (
        "import sys, viextract; "
        "viextract.Extractor().extract('Ông An đến Hà Nội ngày 20-11-2015.'); "
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_what_an_extraction_imports() -> None:
    modules = _modules_after_an_extraction()
    assert "viextract.pipeline" in modules
    # training code stays out of the run-time path
    assert not {m for m in modules if m.startswith("viextract.training")}
    # underthesea's package import (numpy, joblib, requests, its other pipelines) is most of a
    # cold start; viextract reads its tokenizer regex and model files without it
    assert not modules & {"underthesea", "numpy", "joblib"}
