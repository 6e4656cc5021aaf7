"""The import rules between jishi's wings, read from the source (every import,
function-level and TYPE_CHECKING ones included), and no import cycle anywhere.

    content         imports no other wing; never mkdocs, material or jinja2
    site            imports only content
    search          imports only content and site
    editor          never imports the MkDocs adapter
    mkdocs_adapter  the only wing that imports mkdocs or material
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "hooks" / "jishi"

# wing -> the other jishi wings it may import (None: any)
MAY_IMPORT = {
    "content": set(),
    "site": {"content"},
    "search": {"content", "site"},
    "editor": {"content", "site", "search"},
    "mkdocs_adapter": None,
}
NOT_IN_CONTENT = ("mkdocs", "material", "jinja2")
ONLY_IN_ADAPTER = ("mkdocs", "material")


def module_names(package: Path) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, modules: dict) -> list[tuple[str, int]]:
    """(imported module, line) for every import statement anywhere in the file."""
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join(parts + ([base] if base else []))
            # `from a import b` imports a.b when b is a module, else a name of a
            found += [(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base, node.lineno)
                      for alias in node.names]
    return found


def wing_of(module: str) -> str:
    """jishi.<wing>.… → wing; the package root, cli and __main__ are 'top'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in MAY_IMPORT) else "top"


def _rule_broken(wing: str, target: str, modules: dict) -> str | None:
    top = target.split(".")[0]
    if top in ONLY_IN_ADAPTER and wing != "mkdocs_adapter":
        return f"only mkdocs_adapter may import {top}"
    if wing == "content" and top in NOT_IN_CONTENT:
        return f"content may not import {top}"
    if top != "jishi" or wing not in MAY_IMPORT or MAY_IMPORT[wing] is None:
        return None
    other = wing_of(target)
    if other != wing and other not in MAY_IMPORT[wing]:
        allowed = ", ".join(sorted(MAY_IMPORT[wing])) or "no other wing"
        return f"{wing} may import only {allowed}, not {other}"
    return None


def layer_violations(package: Path) -> list[str]:
    """Every import that breaks a rule, as 'path:line: module imports target (rule)'."""
    modules = module_names(package)
    broken = []
    for name, path in modules.items():
        for target, line in imports_of(name, path, modules):
            rule = _rule_broken(wing_of(name), target, modules)
            message = f"{path.relative_to(package.parent)}:{line}: {name} imports {target} ({rule})"
            if rule and message not in broken:
                broken.append(message)
    return broken


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module → the package's modules it imports."""
    modules = module_names(package)
    return {name: {t for t, _ in imports_of(name, path, modules) if t in modules and t != name}
            for name, path in modules.items()}


def import_cycles(package: Path) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), sorted."""
    graph = import_graph(package)
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(cycles)


def test_the_wings_keep_their_import_rules():
    assert layer_violations(PACKAGE) == []


def test_no_import_cycle():
    assert import_cycles(PACKAGE) == []


def test_every_wing_is_known():
    wings = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert wings == set(MAY_IMPORT)


@pytest.fixture
def broken_tree(tmp_path):
    """A small jishi tree that breaks every rule once."""
    files = {
        "__init__.py": "",
        "content/__init__.py": "",
        "content/loader.py": "from jishi.content.lint import x\n",
        "content/lint.py": "def f():\n    from jishi.content import loader\n",
        "content/model.py": "import jinja2\nfrom jishi.site.plan import plan_pages\n",
        "site/__init__.py": "",
        "site/plan.py": "from mkdocs.plugins import get_plugin_logger\nfrom ..editor import scaffold\n",
        "search/__init__.py": "",
        "search/index.py": "from jishi.editor.scaffold import PLACEHOLDER\n",
        "editor/__init__.py": "",
        "editor/scaffold.py": "import jishi.mkdocs_adapter.hook\n",
        "mkdocs_adapter/__init__.py": "",
        "mkdocs_adapter/hook.py": "import mkdocs\nimport material\nfrom jishi.editor import scaffold\n",
    }
    for rel, text in files.items():
        path = tmp_path / "jishi" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path / "jishi"


def test_a_broken_tree_fails_every_rule(broken_tree):
    assert layer_violations(broken_tree) == [
        "jishi/content/model.py:1: jishi.content.model imports jinja2 (content may not import jinja2)",
        "jishi/content/model.py:2: jishi.content.model imports jishi.site.plan "
        "(content may import only no other wing, not site)",
        "jishi/editor/scaffold.py:1: jishi.editor.scaffold imports jishi.mkdocs_adapter.hook "
        "(editor may import only content, search, site, not mkdocs_adapter)",
        "jishi/search/index.py:1: jishi.search.index imports jishi.editor.scaffold "
        "(search may import only content, site, not editor)",
        "jishi/site/plan.py:1: jishi.site.plan imports mkdocs.plugins (only mkdocs_adapter may import mkdocs)",
        "jishi/site/plan.py:2: jishi.site.plan imports jishi.editor.scaffold "
        "(site may import only content, not editor)",
    ]


def test_a_late_import_cycle_is_found(broken_tree):
    assert import_cycles(broken_tree) == [
        ["jishi.content.lint", "jishi.content.loader"],
        ["jishi.editor.scaffold", "jishi.mkdocs_adapter.hook"],
    ]
