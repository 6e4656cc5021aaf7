"""The newsroom's last steps in the `jishi` CLI: review, deploy, publish.

    jishi review FILE… --step 初审 --by 王芳 [--root DIR]
    jishi deploy [--root DIR] [--dry-run] [--yes]
    jishi publish [--root DIR] [--dry-run] [--yes]

A thin adapter: argument parsing and printing here; the work is done by
review.py, deploy/ and publish.py. `publish` is check, build and deploy in
one command; the CLI hands it its check and build commands.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jishi.editor.review import sign_off

__all__ = ["add_release_commands", "cmd_review"]


def add_release_commands(sub, check, build) -> None:
    """Add `review`, `deploy` and `publish`; check and build are the CLI's own commands (for publish)."""
    review = sub.add_parser("review", help="签发稿件的一级审核（如初审、复审、终审）",
                            description="在稿件的前置信息里写入一级审核记录（reviews）：审核步骤、审核人、日期和所审内容的摘要。"
                                        "必须按 jishi.yml 里 review 的顺序签；签发后稿件再有改动，要从第一级起重新审核。",
                            epilog="例如：jishi review stories/case/x.md --step 初审 --by 王芳")
    review.add_argument("files", nargs="+", type=Path, metavar="稿件", help="要签发的稿件文件（可以写多个）")
    review.add_argument("--step", required=True, metavar="步骤", help="审核步骤，例如 初审（jishi.yml 的 review 里的一个）")
    review.add_argument("--by", required=True, metavar="姓名", help="审核人的姓名")
    review.add_argument("--root", type=Path, default=Path("."), metavar="目录", help="网站根目录，默认当前目录")
    review.set_defaults(func=cmd_review)


def cmd_review(args) -> int:
    """Sign one step for the files given; all or none."""
    result = sign_off(args.root, list(args.files), args.step, args.by)
    if result.refused:
        for line in result.refused:
            print(line, file=sys.stderr)
        print("没有写入任何审核记录。", file=sys.stderr)
        return 1
    for rel in result.signed:
        print(f"已签发{args.step}（{args.by.strip()}）：{rel}")
    return 0
