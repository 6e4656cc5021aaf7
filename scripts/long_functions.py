"""List jishi's modules over ~400 lines and functions over ~40 (DEVELOPING.md's size rule).

    python scripts/long_functions.py [--lines 40] [--module-lines 400] [WING ...]

WING: a folder under hooks/jishi (content, site, editor …; default all).
A function's length is its source lines, docstring and comments included,
nested functions counted with the function that holds them.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hooks" / "jishi"


def long_functions(path: Path, limit: int) -> list[tuple[int, str, int]]:
    """(line, qualified name, length) of every function in path longer than limit lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = child.end_lineno - child.lineno + 1
                if length > limit:
                    found.append((child.lineno, prefix + child.name, length))
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wings", nargs="*")
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--module-lines", type=int, default=400)
    args = parser.parse_args(argv)
    roots = [PACKAGE / w for w in args.wings] or [PACKAGE]
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(PACKAGE.parent).as_posix()
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > args.module_lines:
                print(f"{rel}: module of {lines} lines")
            for line, name, length in long_functions(path, args.lines):
                print(f"{rel}:{line}: {name}: {length} lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
