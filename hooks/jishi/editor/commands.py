"""The editor's commands of the `jishi` CLI: init, new, import, schema export, --fix-encoding.

A thin adapter: argument parsing, prompts and printing here; the work is
done by site_init.py, scaffold.py, importing/, encoding.py and export.py.
Kinds and fields come from the site's schema (the built-in one as its
schema/ folder extends it), so `jishi new` offers a site's own kinds and
fields too.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from jishi.editor.encoding import fix_encoding, find_gb18030_files
from jishi.editor.export import write_frontmatter_config, write_json_schemas
from jishi.content.model import ENTITY_KINDS, KIND_LABELS, STORY_KINDS
from jishi.content.problems import format_problems
from jishi.content.schema import closest, load_schema
from jishi.content.lint import PLACEHOLDER
from jishi.content.problems import did_you_mean
from jishi.editor.scaffold import either_or, known_entities, label_field, need, scaffold
from jishi.content.site_schema import load_site_schema
from jishi.editor.site_init import init_site
from jishi.content.review import pending_reviews
from jishi.site.check import CheckedSite, check_site, check_summary, site_config
from jishi.site.urls import docs_urls

__all__ = ["add_commands", "fix_encodings", "cmd_import", "not_a_site", "check_root", "report_check"]

_NOT_OPTIONS = {"kind", "derived", "mends", "aliases", "reviews"}


def check_root(root: Path, urls: Path | None = None) -> CheckedSite:
    """What `jishi check` checks and prints, for the command and the workbench alike.

    urls: the published-URL list to hold the site to (a missing file is a problem).
    """
    config = site_config(root)
    missing = urls is not None and not urls.is_file()
    checked = check_site(root, site_url=str(config.get("site_url") or "/"),
                         site_name=config.get("site_name") or "",
                         urls_file=None if missing else urls, url_sources=() if missing else None,
                         also_served=docs_urls(root / str(config.get("docs_dir") or "docs")))
    if missing:
        checked.problems.add(str(urls), "找不到已发布网址清单", hint="请检查 --urls 后面的文件路径")
    return checked


def report_check(checked: CheckedSite, say=print) -> int:
    """`jishi check`'s report through say (the CLI prints it, the workbench's 发布 shows it); 1 on errors.

    Every problem, then the notes (told, failing nothing); without errors the
    summary and, where the site asks for review, 待审 N 篇 (drafts waiting too).
    """
    site, problems = checked.site, checked.problems
    if problems:
        say(format_problems(problems))
    for note in checked.notes:
        say(note)
    if problems.errors:
        return 1
    say(check_summary(site))
    steps = site.settings.review
    if steps:
        say(f"审核（{'、'.join(steps)}）：待审 {pending_reviews([*site.stories, *site.drafts], steps)} 篇。")
    return 0


def add_commands(sub, root: Path = Path(".")) -> None:
    """Add `init`, `new`, `import` and `schema`; `new` takes the kinds and fields of root's schema."""
    _add_init(sub)
    schema, problems = load_site_schema(root)
    if schema is None:  # a broken site schema: `jishi new …` says so, whatever follows
        new = sub.add_parser("new", help="新建一篇稿件", add_help=False)
        new.add_argument("rest", nargs=argparse.REMAINDER)
        new.set_defaults(func=lambda args: _schema_broken(problems))
    else:
        _add_new(sub, schema)
    _add_import(sub)
    export = sub.add_parser("schema", help="导出字段规定，给编辑器插件用")
    export.add_argument("action", choices=["export"], help="写 export（导出）")
    export.add_argument("dir", type=Path, help="写 JSON Schema 文件的目录")
    export.add_argument("--frontmatter", type=Path, help="同时写 Front Matter CMS 配置（frontmatter.json）到这个路径")
    export.add_argument("--root", type=Path, default=Path("."), help="网站根目录（其 schema/ 目录扩展内置规定），默认当前目录")
    export.set_defaults(func=cmd_schema)


def _schema_broken(problems) -> int:
    print(format_problems(problems), file=sys.stderr)
    return 1


def _add_new(sub, schema) -> None:
    """`jishi new KIND`, one subcommand per kind of the site's schema."""
    entities = "/".join(schema.kinds[k].title for k in schema.entity_kinds)
    new = sub.add_parser(
        "new", help=f"新建一篇稿件或一个{entities}",
        description="按字段规定新建文件：必填字段都写好，每个字段上方有中文说明；没给的值写成 TODO 占位，"
                    "填好之前 jishi check 会报错。每种类型能填的字段：jishi new 类型 --help。")
    kinds = new.add_subparsers(dest="kind", metavar="类型", required=True)
    for kind, ks in schema.kinds.items():
        _add_kind(kinds, kind, ks)


def _add_kind(kinds, kind: str, ks) -> None:
    """`jishi new KIND`: the options are this kind's fields, and only those."""
    label = ks.title  # as the site's schema names it
    parser = kinds.add_parser(kind, help=label, description=f"新建{label}（{kind}）。{ks.description}")
    parser.add_argument("--root", type=Path, default=Path("."), help="网站根目录，默认当前目录")
    for name, prop in ks.properties.items():
        if name in _NOT_OPTIONS:
            continue
        parser.add_argument(_option(name), dest=f"field_{name}", metavar="值",
                            help=f"{prop.get('title', name)}（{need(ks, name, _option)}）")
    if "title" not in ks.properties:  # --title names a photo or an entity
        parser.add_argument("--title", dest=f"field_{label_field(kind)}", metavar="值", help=argparse.SUPPRESS)
    parser.set_defaults(func=cmd_new)


def _option(name: str) -> str:
    return f"--{name.replace('_', '-')}"


def _add_import(sub) -> None:
    imp = sub.add_parser(
        "import", help="把报纸版面的文字稿或 Word 文件导入为草稿",
        description="把报纸版面导出的纯文本（UTF-8 或 GB18030）或记者的 Word 文件（.docx）拆成草稿稿件"
                    "（draft: true）和它们提到的人物、工作队、企业、栏目；修补换页断开的段落、重复印刷和被截断转到"
                    "他处的文字，每一处都记进 mends；最后打印中文导入报告，并写入网站根目录的 import-report.md。",
        epilog="同一份原文再导入一次，已经导入过的稿件不会重复写入；已有的文件从不覆盖。")
    imp.add_argument("sources", metavar="原文", nargs="+", type=Path, help="版面文字稿（.txt）或 Word 文件（.docx）")
    imp.add_argument("--into", type=Path, default=None, metavar="目录", help="写到哪个目录，默认网站的 stories/")
    imp.add_argument("--dry-run", action="store_true", help="只打印导入计划和报告，不写任何文件")
    imp.add_argument("--root", type=Path, default=Path("."), metavar="目录", help="网站根目录，默认当前目录")
    imp.set_defaults(func=cmd_import)


def cmd_import(args) -> int:
    """Import newspaper pages and Word files as drafts; print the report."""
    from jishi.editor.importing import run_import, source_problems  # late: only this command needs them

    problems = source_problems(args.root, list(args.sources))
    if problems:
        print(format_problems(problems), file=sys.stderr)
        return 2
    result = run_import(args.root, list(args.sources), args.into, args.dry_run)
    print(result.report)
    return 0  # the drafts' TODOs are work for the editor, listed in the report, not a failed import


def not_a_site(root: Path) -> str:
    """Why root is not a site's folder (it has no mkdocs.yml), or ""."""
    if (Path(root) / "mkdocs.yml").is_file():
        return ""
    where = "当前目录" if Path(root) == Path(".") else f"{root} "
    return (f"{where}不是网站目录（没有 mkdocs.yml）；请到网站根目录运行，或用 --root 指定网站目录；"
            "还没有网站就先用 jishi init 新建")


def cmd_new(args) -> int:
    """Write a new story or entity file and say where it is and what to do next."""
    if not_a_site(args.root):
        print(f"错误：{not_a_site(args.root)}", file=sys.stderr)
        return 2
    schema, problems = load_site_schema(args.root)
    if schema is None:
        print(format_problems(problems), file=sys.stderr)
        return 1
    if args.kind not in schema.kinds:
        guess = closest(args.kind, schema.kinds)
        hint = did_you_mean(guess, "可选：" + "、".join(schema.kinds))
        print(f"错误：未知的类型 '{args.kind}'；{hint}", file=sys.stderr)
        return 2
    ks = schema.kinds[args.kind]
    values = {k[len("field_"):]: v for k, v in vars(args).items() if k.startswith("field_") and v is not None}
    unknown = [k for k in values if k not in ks.properties]
    if unknown:
        names = "、".join(f"--{k.replace('_', '-')}" for k in unknown)
        print(f"错误：{ks.title}没有这些字段：{names}", file=sys.stderr)
        return 2
    if sys.stdin.isatty():
        _prompt(ks, values, args.root)
    made = scaffold(args.kind, schema, args.root, values)
    made.path.parent.mkdir(parents=True, exist_ok=True)
    made.path.write_text(made.text, encoding="utf-8")
    rel = made.path.relative_to(args.root).as_posix() if made.path.is_relative_to(args.root) else made.path
    print(f"已新建：{rel}")
    print(f"网址：{_site_url(args.root)}{made.url}")
    for name, value in made.filled.items():
        print(f"{ks.field_title(name)}：没有给出，已自动填为今天 {value}；如果不对，请在文件里改成稿件的{ks.field_title(name)}。")
    print(f"预览：运行 jishi serve，再打开 http://127.0.0.1:8000/{made.url}（编辑台在 http://127.0.0.1:8000/_jishi/）")
    if PLACEHOLDER in made.text:
        print("下一步：打开这个文件，把所有 TODO 换成真实内容，然后运行 jishi check。")
    return 0


def _prompt(ks, values: dict, root: Path) -> None:
    """Ask for each required field not given (either/or fields as one question), then the label.

    Enter leaves a TODO (the date: today, which the command then says).
    End of input (Ctrl-D) raises EOFError, which the CLI reports in Chinese.
    """
    group = either_or(ks)
    own = [n for n in ks.required if n not in ("kind", "slug", "date")]
    wanted = own + group[:1] + [n for n in ("date",) if n in ks.required] + [label_field(ks.kind)]
    for name in dict.fromkeys(wanted):
        if name in group:
            _ask_either(ks, group, values, root)
        elif name not in values and name in ks.properties:
            answer = _ask(ks, name, need(ks, name), "直接回车用今天的日期" if name == "date" else "直接回车留作 TODO")
            if answer:
                values[name] = answer


def _ask(ks, name: str, need_text: str, enter: str) -> str:
    about = ks.properties[name].get("description", "").strip().rstrip("。；，")
    about = f"{about}；" if about else ""
    return input(f"{ks.field_title(name)}（{need_text}，{about}{enter}）：").strip()


def _ask_either(ks, group: list[str], values: dict, root: Path) -> None:
    """One question for fields of which one must be given; the answer goes where its slug is known."""
    if any(n in values for n in group):
        return
    titles = " 或 ".join(f"{ks.field_title(n)}（{n}）" for n in group)
    slugs = "写网址名，" if all(_ref_kind(ks, n) for n in group) else ""
    answer = input(f"{titles}（必须写一个；{slugs}直接回车留作 TODO）：").strip()
    if not answer:
        return
    known = known_entities(root)
    targets = [n for n in group if answer in {slug for slug, _ in known.get(_ref_kind(ks, n), [])}]
    if len(targets) != 1:
        choices = "，".join(f"{i} {ks.field_title(n)}" for i, n in enumerate(group, 1))
        picked = ""
        while not picked.isdigit() or not 1 <= int(picked) <= len(group):
            picked = input(f"“{answer}”写进哪一个？{choices}（输入数字）：").strip()
        targets = [group[int(picked) - 1]]
    values[targets[0]] = answer


def _ref_kind(ks, name: str) -> str:
    prop = ks.properties.get(name, {})
    return prop.get("x-ref") or prop.get("items", {}).get("x-ref") or ""


def _site_url(root: Path) -> str:
    return str(site_config(root).get("site_url") or "/").rstrip("/") + "/"


def fix_encodings(root: Path) -> None:
    """Re-save every GBK/GB18030 story as UTF-8, showing each change first."""
    for path in find_gb18030_files(Path(root) / "stories"):
        change = fix_encoding(path)
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path
        print(f"{rel}: 编码 GB18030 → UTF-8（{change.chars} 个字符，内容不变），前几行：")
        for line in change.preview:
            print(f"    {line}")
        print(f"{rel}: 已转存为 UTF-8。")


def cmd_schema(args) -> int:
    """Export JSON Schema files (and a Front Matter CMS config) from the schema."""
    schema, problems = load_site_schema(args.root)
    if schema is None:
        print(format_problems(problems), file=sys.stderr)
        return 1
    written = write_json_schemas(schema, args.dir)
    if args.frontmatter:
        written.append(write_frontmatter_config(schema, args.frontmatter))
    for path in written:
        print(f"已写入：{path}")
    return 0


def _add_init(sub) -> None:
    init = sub.add_parser("init", help="新建一个网站", description="在指定的目录新建一个完整的网站：mkdocs.yml、"
                          "hooks/jishi_hook.py、jishi.yml、stories/、docs/（含按站名生成的分享图）、urls.txt。")
    init.add_argument("dir", type=Path, metavar="目录", help="新网站的目录（不存在或为空）")
    init.add_argument("--name", metavar="名称", help="网站名称，例如 社区志愿服务纪实")
    init.add_argument("--sponsor", metavar="单位", help="主办单位（页脚显示）")
    init.add_argument("--site-url", metavar="网址", help="网站的正式地址，例如 https://example.org/（以后可在 mkdocs.yml 里改）")
    init.add_argument("--accent", metavar="颜色", help="主题色，写成 #rrggbb，例如 #1565c0")
    init.set_defaults(func=cmd_init)


def cmd_init(args) -> int:
    """Write a new site into args.dir and say how to go on."""
    if sys.stdin.isatty():
        args.name = args.name or input("网站名称：").strip()
        args.sponsor = args.sponsor or input("主办单位（可以不填，直接回车）：").strip() or None
    error = _init_error(args)
    if error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    made = init_site(args.dir, args.name.strip(), load_schema(), sponsor=args.sponsor,
                     site_url=args.site_url, accent=args.accent)
    print(f"已新建网站：{args.dir}（{args.name.strip()}）")
    for path in made.files:
        print(f"  {path.relative_to(args.dir).as_posix()}")
    if not made.share_text:
        print("提示：没有找到中文字体，分享图 docs/assets/share.png 上没有站名；可以换成自己的图片。")
    print(f"下一步：cd {args.dir}，然后\n"
          "  jishi serve                      预览和编辑台 http://127.0.0.1:8000/_jishi/（在浏览器里写稿）\n"
          "  jishi new person --title 姓名    新建一个人物（类型见 jishi new --help）\n"
          "  jishi check                      检查稿件\n"
          "  jishi build                      生成网站到 site/")
    return 0


def _init_error(args) -> str:
    """Why the arguments of `jishi init` cannot make a site, or ""."""
    if not args.name or not args.name.strip():
        return "请用 --name 给出网站名称，例如 jishi init site2 --name 社区志愿服务纪实"
    if args.dir.exists() and (not args.dir.is_dir() or any(args.dir.iterdir())):
        return f"{args.dir} 已存在且不是空目录；请换一个目录名，以免覆盖已有的文件"
    if args.accent is not None and not re.fullmatch(r"#[0-9a-fA-F]{6}", args.accent):
        return f"--accent 的值 {args.accent!r} 不是颜色；请写成 #rrggbb，例如 #1565c0"
    if args.site_url is not None and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", args.site_url):
        return f"--site-url 的值 {args.site_url!r} 不是网址；请写成 https://example.org/ 这样的完整地址"
    return ""
