"""The `jishi` command: a thin adapter over the core, for editors.

    jishi check [--root DIR] [--format text|json]
    jishi build [--root DIR] [--site-dir DIR]


Every problem in one run; exit status 1 if any is an error, else 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .content import load_site
from .problems import format_problems
from .publish import build_site

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jishi", description="纪实：检查稿件、生成网站页面。")
    sub = parser.add_subparsers(dest="command", title="命令")
    check = sub.add_parser("check", help="检查 stories/ 下的所有稿件", description="检查 stories/ 下的所有稿件，一次列出全部问题。")
    check.add_argument("--root", type=Path, default=Path("."), help="网站根目录（含 mkdocs.yml 和 stories/），默认当前目录")
    check.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json（给工具用）")
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="生成网站（失败时保留原来的网站）",
                           description="用 mkdocs build --strict 生成网站：先生成到临时目录，成功后才替换输出目录；失败时原来的网站原样保留。")
    build.add_argument("--root", type=Path, default=Path("."), help="网站根目录（含 mkdocs.yml），默认当前目录")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="输出目录，默认 site/（相对于网站根目录）")
    build.set_defaults(func=cmd_build)
    return parser


def cmd_check(args) -> int:
    """Validate everything under stories/ and print every problem."""
    site, problems = load_site(args.root)
    if args.format == "json":
        json.dump({"ok": not problems.errors, "problems": [p.as_dict() for p in sorted(set(problems))]},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif problems:
        print(format_problems(problems))
    if problems.errors:
        return 1
    if args.format == "text":
        print(f"检查通过：{len(site.stories)} 篇稿件，{len(site.teams)} 个工作队，"
              f"{len(site.enterprises)} 家企业，{len(site.people)} 位人物，{len(site.columns)} 个栏目。")
    return 0


def cmd_build(args) -> int:
    """Build the site into a temporary directory and swap it into place on success."""
    status = build_site(args.root, args.site_dir)
    if status == 0:
        print(f"网站已生成：{args.site_dir}")
    else:
        print(f"生成失败，{args.site_dir} 保持原样（仍是上一次成功生成的网站）。", file=sys.stderr)
    return 1 if status else 0


if __name__ == "__main__":
    sys.exit(main())
