"""The `jishi` command: a thin adapter over the core, for editors.

    jishi check [--root DIR] [--format text|json] [--urls FILE] [--fix-encoding]
    jishi urls [--root DIR] [--write]
    jishi build [--root DIR] [--site-dir DIR]
    jishi init DIR --name NAME [--sponsor S] [--site-url URL] [--accent #rrggbb]
    jishi new KIND [--title T] [--FIELD VALUE …] [--root DIR]
    jishi import SOURCE… [--into DIR] [--dry-run] [--root DIR]
    jishi schema export DIR [--frontmatter FILE] [--root DIR]
    jishi serve [--root DIR] [--port N] [--host H] [--accounts FILE]
    jishi account add NAME [--accounts FILE]
    jishi review FILE… --step STEP --by NAME [--root DIR]
    jishi deploy [--root DIR] [--dry-run] [--yes]
    jishi publish [--root DIR] [--dry-run] [--yes]

Every problem in one run; exit status 1 if any is an error, else 0.
`check` also holds the site to its published URLs: FILE, else urls.txt at
the site root, else a previous build's site/sitemap.xml.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import signal
import sys
from pathlib import Path

from jishi.content.load import collector_paused
from jishi.content.problems import format_problems
from jishi.editor import commands
from jishi.editor.argparse_zh import ChineseArgumentParser
from jishi.editor.release_commands import add_release_commands, workbench_publisher
from jishi.editor.publish import QUIET_ENV, build_site, placeholder_site_url
from jishi.site.check import load_site, site_config
from jishi.site.urls import URLS_FILE, current_urls, format_urls_file

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run one `jishi` command; its exit status. Never a traceback, whatever the input."""
    try:
        return _run(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `jishi check --format json | head`: the reader left; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except EOFError:
        print("\n已取消：输入已结束（Ctrl-D），没有写任何文件。", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f"：{exc.filename}" if exc.filename else ""
        print(f"错误：{_ERRNO.get(exc.errno, '读写文件失败')}{where}", file=sys.stderr)
        return 1


# The operating system's reasons in Chinese (its own text is English).
_ERRNO = {errno.ENOENT: "找不到文件或目录", errno.EACCES: "没有权限读写", errno.EPERM: "没有权限读写",
          errno.EEXIST: "文件已存在", errno.ENOTDIR: "路径中有一段不是目录", errno.EISDIR: "这是一个目录，不是文件",
          errno.ENOSPC: "磁盘空间不足", errno.EROFS: "这里是只读的，不能写入", errno.ENOTEMPTY: "目录不是空的",
          errno.ENAMETOOLONG: "文件名太长", errno.EMFILE: "同时打开的文件太多"}


def _run(argv: list[str] | None) -> int:
    os.environ.update(QUIET_ENV)  # no Material banner in anything jishi starts
    parser = _parser(_root_of(sys.argv[1:] if argv is None else argv))
    args, extra = parser.parse_known_args(argv)
    if extra:
        options = [w.split("=", 1)[0] for w in extra if w.startswith("-")]
        if args.command == "new" and options:  # a field this kind does not have
            label = commands.KIND_LABELS.get(args.kind, args.kind)
            print(f"错误：{label}没有这些字段：{'、'.join(options)}",
                  file=sys.stderr)
            return 2
        parser.error("unrecognized arguments: " + " ".join(extra))
    if not args.command:
        parser.print_help()
        return 2
    if args.func in (cmd_check, cmd_urls):
        # These load every story and end: a cyclic collection after loading
        # only walks millions of live objects (~4% of check at 10,000 stories).
        with collector_paused():
            return args.func(args)
    return args.func(args)


def _root_of(argv: list[str]) -> Path:
    """--root, read before the full parse: `jishi new` offers the fields of that site's schema."""
    pre = ChineseArgumentParser(prog="jishi", add_help=False)
    pre.add_argument("--root", type=Path, default=Path("."))
    return pre.parse_known_args(argv)[0].root


def _parser(root: Path = Path(".")) -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="jishi", description="纪实：检查稿件、生成网站页面。")
    sub = parser.add_subparsers(dest="command", title="命令", metavar="命令")
    check = sub.add_parser("check", help="检查 stories/ 下的所有稿件", description="检查 stories/ 下的所有稿件，一次列出全部问题。")
    check.add_argument("--root", type=Path, default=Path("."), help="网站根目录（含 mkdocs.yml 和 stories/），默认当前目录")
    check.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json（给工具用）")
    check.add_argument("--fix-encoding", action="store_true",
                       help="把 GBK/GB18030 编码的稿件转存为 UTF-8（先显示要改的内容），再检查")
    check.add_argument("--urls", type=Path, default=None, metavar="文件",
                       help="已发布网址清单（urls.txt 或 sitemap.xml）；默认用根目录的 urls.txt，其次 site/sitemap.xml")
    check.set_defaults(func=cmd_check)
    urls = sub.add_parser("urls", help="列出网站现在的全部网址", description="列出网站现在的全部网址（urls.txt 的内容）。")
    urls.add_argument("--root", type=Path, default=Path("."), help="网站根目录，默认当前目录")
    urls.add_argument("--write", action="store_true", help=f"写入根目录的 {URLS_FILE}，而不是打印")
    urls.set_defaults(func=cmd_urls)
    build = sub.add_parser("build", help="生成网站（失败时保留原来的网站）",
                           description="用 mkdocs build --strict 生成网站：先生成到临时目录，成功后才替换输出目录；失败时原来的网站原样保留。")
    build.add_argument("--root", type=Path, default=Path("."), help="网站根目录（含 mkdocs.yml），默认当前目录")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="输出目录，默认 site/（相对于网站根目录）")
    build.set_defaults(func=cmd_build)
    commands.add_commands(sub, root)
    _add_serve(sub)
    add_release_commands(sub, cmd_check, cmd_build)
    return parser


def _add_serve(sub) -> None:
    serve = sub.add_parser("serve", help="预览网站并打开编辑台（在浏览器里写稿、检查、发布）",
                           description="生成网站预览并启动编辑台：改动稿件后预览自动更新。默认只有本机能访问；"
                                       "加 --host 后局域网里的编辑也能访问，但要先登录（账号用 jishi account add 建立）。")
    serve.add_argument("--root", type=Path, default=Path("."), help="网站根目录（含 mkdocs.yml），默认当前目录")
    serve.add_argument("--port", type=int, default=8000, help="端口，默认 8000（0 表示任选一个空闲端口）")
    serve.add_argument("--host", default=None, help="监听的地址，例如 0.0.0.0（局域网可访问，需要登录）；默认只有本机 127.0.0.1")
    serve.add_argument("--accounts", type=Path, default=None, metavar="文件",
                       help="编辑账号文件，默认 ~/.config/jishi/accounts")
    serve.set_defaults(func=cmd_serve)
    account = sub.add_parser("account", help="管理编辑台的登录账号（jishi serve --host 用）",
                             description="管理编辑台的登录账号。账号保存在仓库之外（默认 ~/.config/jishi/accounts），密码只存加盐散列。")
    actions = account.add_subparsers(dest="action", title="操作", metavar="操作", required=True)
    add = actions.add_parser("add", help="新建账号或修改密码（会提示输入密码）")
    add.add_argument("name", help="用户名（不含空格和冒号）")
    add.add_argument("--accounts", type=Path, default=None, metavar="文件", help="账号文件，默认 ~/.config/jishi/accounts")
    add.set_defaults(func=cmd_account_add)


def cmd_account_add(args) -> int:
    """Prompt twice for a password and store its salted scrypt hash."""
    from getpass import getpass

    from jishi.editor.workbench import accounts

    if not accounts.NAME.match(args.name):
        print("错误：用户名不能含空格或冒号，最长 40 个字。", file=sys.stderr)
        return 2
    password = getpass(f"{args.name} 的密码：")
    if len(password) < 8:
        print("错误：密码至少 8 个字符。", file=sys.stderr)
        return 2
    if getpass("再输入一次：") != password:
        print("错误：两次输入的密码不一样，没有保存。", file=sys.stderr)
        return 2
    path = args.accounts or accounts.default_accounts_file()
    accounts.add_account(path, args.name, password)
    print(f"已保存账号 {args.name}：{path}")
    return 0


def cmd_serve(args) -> int:
    """Preview the site and serve the workbench beside it, in one process."""
    from jishi.editor.workbench import accounts
    from jishi.editor.workbench.app import PREFIX, Workbench
    from jishi.editor.workbench.mount import mount
    from jishi.mkdocs_adapter.preview_server import serve_preview

    root = args.root.resolve()
    if not (root / "mkdocs.yml").is_file():
        print(f"错误：{args.root} 下没有 mkdocs.yml；请在网站根目录运行，或用 --root 指定。", file=sys.stderr)
        return 2
    accounts_file = None
    if args.host is not None:
        accounts_file = args.accounts or accounts.default_accounts_file()
        if not accounts.read_accounts(accounts_file):
            print(f"错误：加了 --host 就要登录，但 {accounts_file} 里还没有账号；"
                  "请先运行 jishi account add 用户名。", file=sys.stderr)
            return 2

    def wrap(app, mount_path):
        bench = Workbench(root, accounts_file=accounts_file, preview_base=mount_path,
                          publish=workbench_publisher(root))
        return mount(app, bench, mount_path)

    def announce(preview_url, base):
        print(f"预览：{preview_url}", flush=True)
        print(f"编辑台：{base}{PREFIX}/", flush=True)
        print("按 Ctrl-C 停止。", flush=True)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serve_preview(root, args.host or "127.0.0.1", args.port, wrap, announce)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        print(f"错误：端口 {args.port} 已被占用（可能已经有一个 jishi serve 在运行）；"
              f"请换一个端口，例如 jishi serve --port {args.port + 1}。", file=sys.stderr)
        return 1
    return 0


def cmd_urls(args) -> int:
    """Print, or write to urls.txt, every URL the site serves now."""
    site, problems = load_site(args.root)
    if site is None:
        print(format_problems(problems))
        return 1
    urls = current_urls(site, site_config(args.root).get("site_name") or "")
    text = format_urls_file(urls)
    if args.write:
        (args.root / URLS_FILE).write_text(text, encoding="utf-8")
        print(f"已写入 {URLS_FILE}：{len(set(urls))} 个网址。")
    else:
        sys.stdout.write(text)
    return 0


def cmd_check(args) -> int:
    """Validate everything under stories/ and print every problem."""
    if args.fix_encoding:
        commands.fix_encodings(args.root)
    checked = commands.check_root(args.root, args.urls)
    if args.format == "text":
        return commands.report_check(checked, print)
    problems = checked.problems
    json.dump({"ok": not problems.errors, "problems": [p.as_dict() for p in sorted(set(problems))],
               "notes": [p.as_dict() for p in checked.notes]}, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 1 if problems.errors else 0


def cmd_build(args) -> int:
    """Build the site into a temporary directory and swap it into place on success."""
    if commands.not_a_site(args.root):
        print(f"错误：{commands.not_a_site(args.root)}", file=sys.stderr)
        return 2
    target = args.site_dir if args.site_dir.is_absolute() else args.root / args.site_dir
    existed = target.is_dir()
    # A killed build still runs its clean-up (the staging directory goes).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    status = build_site(args.root, args.site_dir)
    if status == 0:
        print(f"网站已生成：{args.site_dir}")
        placeholder = placeholder_site_url(args.root)
        if placeholder:
            print(f"警告：mkdocs.yml 的 site_url 仍是 {placeholder}，二维码、分享卡片和订阅里的链接都会指向它；"
                  "正式发布前请改成网站的正式地址，再运行一次 jishi build。", file=sys.stderr)
    elif existed:
        print(f"生成失败，{args.site_dir} 保持原样（仍是上一次成功生成的网站）。", file=sys.stderr)
    else:
        print(f"生成失败，没有生成 {args.site_dir}。", file=sys.stderr)
    return 1 if status else 0


if __name__ == "__main__":
    sys.exit(main())
