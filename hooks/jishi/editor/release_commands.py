"""The newsroom's last steps in the `jishi` CLI: review, deploy, publish.

    jishi review FILE… --step 初审 --by 王芳 [--root DIR]
    jishi deploy [--root DIR] [--dry-run] [--yes]
    jishi publish [--root DIR] [--dry-run] [--yes]

A thin adapter: argument parsing and printing here; the work is done by
review.py, deploy/ and publish.py. `publish` is check, build and deploy in
one command (publish_site), run by the CLI with its own check and build
commands and by the workbench's 发布 button (workbench_publisher), which has
no terminal to confirm a deletion over the cap and so refuses it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jishi.content.settings import load_settings
from jishi.editor.commands import check_root, report_check
from jishi.editor.deploy import deploy_site
from jishi.editor.publish import build_site
from jishi.editor.review import sign_off
from jishi.site.check import site_config

__all__ = ["add_release_commands", "cmd_review", "cmd_deploy", "publish_site", "workbench_publisher"]


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
    deploy = sub.add_parser("deploy", help="把生成好的网站上传到 jishi.yml 的 deploy 指定的位置",
                            description="把 site/ 上传到 jishi.yml 的 deploy 写的目录、服务器（rsync over SSH）或对象存储"
                                        "（OSS、COS、S3）：只写改动过的文件，先上传图片、样式和脚本，再上传页面，最后删除旧文件。")
    _deploy_options(deploy)
    deploy.set_defaults(func=cmd_deploy)
    publish = sub.add_parser("publish", help="检查（含审核）、生成并上传网站，一条命令",
                             description="依次运行 jishi check（含审核）、jishi build 和 jishi deploy；任何一步失败就停下，"
                                         "已经上线的网站保持原样。")
    _deploy_options(publish)
    publish.set_defaults(func=lambda args: cmd_publish(args, check, build))


def _deploy_options(parser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), metavar="目录", help="网站根目录，默认当前目录")
    parser.add_argument("--site-dir", type=Path, default=Path("site"), metavar="目录",
                        help="生成好的网站目录，默认 site/（相对于网站根目录）")
    parser.add_argument("--dry-run", action="store_true", help="只列出会上传、替换和删除哪些文件，不写入")
    parser.add_argument("--yes", action="store_true", help="要删除的文件超过上限（deploy.max_deletes，默认 256）时也继续")


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
    for rel in result.skipped:
        print(f"跳过：{rel}（不是稿件，不需要审核）")
    return 0


def _say(line: str) -> None:
    print(line, file=sys.stderr if line.startswith(("部署中止", "发布中止", "警告", "已写入")) else sys.stdout, flush=True)


def _confirm(count: int) -> bool:
    """Asked only at a terminal: scripts must say --yes."""
    if not sys.stdin.isatty():
        return False
    return input(f"这次要删除 {count} 个文件。确定删除吗？输入 y 确认：").strip().lower() in ("y", "yes", "是")


def cmd_deploy(args) -> int:
    """Upload what changed in site/ to jishi.yml's deploy target."""
    return _deploy(args.root, args.site_dir, _say, dry_run=args.dry_run, yes=args.yes, confirm=_confirm)


def _deploy(root: Path, site_dir: Path, say, **options) -> int:
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    site_url = str(site_config(root).get("site_url") or "")
    return deploy_site(root, site_dir, site_url=site_url, say=say, **options).status


def cmd_publish(args, check, build) -> int:
    """check (review included), build, deploy: stop at the first step that fails."""
    return publish_site(args.root, _say, check=lambda: check(argparse.Namespace(root=args.root, format="text",
                                                                                 fix_encoding=False, urls=None)),
                        build=lambda: build(argparse.Namespace(root=args.root, site_dir=args.site_dir)),
                        site_dir=args.site_dir, dry_run=args.dry_run, yes=args.yes, confirm=_confirm)


def publish_site(root: Path, say, *, check, build, site_dir: Path = Path("site"), dry_run: bool = False,
                 yes: bool = False, confirm=None) -> int:
    """check() (review included), build(), then deploy where jishi.yml says `deploy:`; every line through say.

    check and build return an exit status and report through say themselves.
    Without `deploy:` it stops after the build and says so; the exit status is
    that of the first step that failed, else 0.
    """
    say("第 1 步，检查稿件（含审核）……")
    if check() != 0:
        say("发布中止：检查没有通过，没有生成也没有上传。")
        return 1
    if dry_run:
        say("第 2 步，生成网站：试运行，跳过（用上一次生成的网站比较）。")
    else:
        say("第 2 步，生成网站……")
        if build() != 0:
            say("发布中止：生成失败，没有上传。")
            return 1
    settings, problems = load_settings(root)
    if not problems and settings.deploy is None:
        say(f"第 3 步，上传：jishi.yml 没有设置部署位置（deploy），网站只生成到了 {site_dir.as_posix()}/，没有上传。"
            "要放到网上，请在 jishi.yml 写 deploy: {to: 目录或服务器}（见编辑指南的“发布”）。")
        return 0
    say("第 3 步，上传……")
    status = _deploy(Path(root), Path(site_dir), say, dry_run=dry_run, yes=yes, confirm=confirm)
    if status == 0 and not dry_run:
        say("发布完成。")
    return status


def workbench_publisher(root: Path):
    """The 编辑台's 发布: publish_site with jishi check's report, jishi build, and no deletion over the cap."""
    root = Path(root)

    def publish(say) -> int:
        def build() -> int:
            status = build_site(root, Path("site"), say=say)
            if status == 0:
                say("网站已生成：site/")
            return status

        def refuse(count: int) -> bool:
            say(f"这次要删除 {count} 个文件，超过了上限；编辑台不能替你确认删除这么多文件。请在终端运行 jishi deploy --yes，"
                "或者把 jishi.yml 的 deploy.max_deletes 调大，再点发布。")
            return False

        return publish_site(root, say, check=lambda: report_check(check_root(root), say), build=build, confirm=refuse)

    return publish
