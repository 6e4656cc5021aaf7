"""`jishi init DIR --name NAME`: a complete new site, from the installed package alone.

Writes mkdocs.yml (Material, language zh, an explicit nav of every kind and
list; jishi leaves out of the nav what a site has nothing in), the one-line
hooks/jishi_hook.py over the installed adapter, jishi.yml (the settings given,
the others as comments), stories/ with a short README for editors, docs/ with
a share image drawn from the site's name, an urls.txt with nothing published
yet, and .gitignore. Nothing of any other site comes with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jishi.content.model import STORY_KINDS
from jishi.content.schema import Schema
from jishi.editor.share_image import draw_share_image, name_lines
from jishi.site.palette import DEFAULT_ACCENT
from jishi.site.urls import URLS_FILE, format_urls_file

__all__ = ["init_site", "SiteInit", "HOOK_FILE", "HOOK_TEXT"]

HOOK_FILE = "hooks/jishi_hook.py"
HOOK_TEXT = ('"""This site\'s MkDocs hook: jishi\'s event handlers, from the installed package."""\n'
             "from jishi.mkdocs_adapter.hook import *  # noqa: F401,F403\n")
SHARE_IMAGE = "assets/share.png"
_LISTS = [("column", "columns"), ("team", "teams"), ("enterprise", "enterprises"), ("person", "people")]
_GITIGNORE = "/site/\n/.jishi-cache/\n/.venv/\n__pycache__/\n"


@dataclass
class SiteInit:
    """What init_site wrote, and whether the share image carries the site's name."""

    root: Path
    files: list
    share_text: bool


def init_site(root: Path, name: str, schema: Schema, *, sponsor: str | None = None,
              site_url: str | None = None, accent: str | None = None) -> SiteInit:
    """Write a new site into root (which must not exist or be empty)."""
    root = Path(root)
    files = {
        "mkdocs.yml": _mkdocs_yml(name, site_url or "https://example.org/", schema),
        HOOK_FILE: HOOK_TEXT,
        "jishi.yml": _jishi_yml(sponsor, accent),
        "stories/README.md": _stories_readme(schema),
        URLS_FILE: format_urls_file([]),
        ".gitignore": _GITIGNORE,
    }
    written = []
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    colour = (accent or DEFAULT_ACCENT).lstrip("#")  # the share image in the header's colour
    image, share_text = draw_share_image(name_lines(name), tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4)))
    share = root / "docs" / SHARE_IMAGE
    share.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=16).save(share, optimize=True)
    written.append(share)
    return SiteInit(root, written, share_text)


def _q(text: str) -> str:
    """A YAML scalar that stays text whatever it holds (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


# mkdocs.yml of a new site (str.format: name, site_url, hook, nav, hidden).
_MKDOCS_YML = """site_name: {name}
# 网站的正式地址：二维码、分享卡片和订阅里的链接都由它生成，发布前请改成真实地址。
site_url: {site_url}
docs_dir: docs
use_directory_urls: true
strict: true

theme:
  name: material
  language: zh
  font: false
  features:
    - navigation.tabs
    - navigation.top

# 稿件、栏目、工作队、企业、人物的页面由 jishi 从 stories/ 生成。
hooks:
  - {hook}

# 搜索由 jishi 提供（Pagefind）；网站不从其他网站加载任何东西。
plugins: []

extra:
  generator: false

# 链接由 jishi 检查（jishi check 和每次生成），问题用中文报在稿件的行号上；MkDocs 自己的英文链接提示关掉。
validation:
  links:
    not_found: ignore
    absolute_links: ignore
    unrecognized_links: ignore
    anchors: ignore

markdown_extensions:
  - attr_list
  - md_in_html
  - toc:
      permalink: false

# 还没有稿件的类型不会出现在导航里，有了稿件后自动出现；名称取自字段规定（schema/ 目录可改）。
# 网站自己新增的稿件类型，在这里加一行 - kinds/类型名.md
nav:
{nav}

not_in_nav: |
{hidden}"""


def _mkdocs_yml(name: str, site_url: str, schema: Schema) -> str:
    nav = ["  - 首页: index.md"]
    kinds = [k for k in STORY_KINDS if k in schema.kinds] + [k for k in schema.story_kinds if k not in STORY_KINDS]
    # No titles: each entry is named by its page, i.e. as the site's schema/ folder names the kind.
    nav += [f"  - kinds/{kind}.md" for kind in kinds] + [f"  - {prefix}/index.md" for _, prefix in _LISTS]
    hidden = "".join(f"  /{p}/\n" for p in ("stories", "teams", "enterprises", "people", "columns", "kinds"))
    hidden += "  /guide.md\n"
    return _MKDOCS_YML.format(name=_q(name), site_url=_q(site_url), hook=HOOK_FILE, nav="\n".join(nav),
                              hidden=hidden)


def _jishi_yml(sponsor: str | None, accent: str | None) -> str:
    lines = ["# 网站设置。每一项都可以不写，不写就不显示；去掉行首的 # 即可启用。",
             f"sponsor: {_q(sponsor)}" if sponsor else "# sponsor: 主办单位名称",
             "# organizer: 承办单位名称",
             "# copyright: © 2024 某某单位",
             "# icp: 京ICP备12345678号-1        # ICP 备案号，页脚显示并链接到备案查询网站",
             "# police:                         # 公安备案号",
             "#   number: 京公网安备11010502030143号",
             "# site_code: \"1100000001\"         # 政府网站的网站标识码",
             f"accent: {_q(accent)}" if accent else '# accent: "#1565c0"              # 主题色',
             f"share_image: {SHARE_IMAGE}       # 分享图（docs/ 下的路径），可换成自己的图片",
             "# source: 原载《某某日报》        # 每篇稿件下方的来源说明",
             "# guide: true                     # 正式网站也发布编辑指南",
             "# feed_entries: 50                # 订阅源 feed.xml 收录最新的多少篇稿件"]
    return "\n".join(lines) + "\n"


def _stories_readme(schema: Schema) -> str:
    stories = "、".join(f"{k}（{ks.title}）" for k, ks in schema.kinds.items() if ks.is_story)
    entities = "、".join(f"{k}（{ks.title}）" for k, ks in schema.kinds.items() if not ks.is_story)
    return f"""# 稿件目录

这里的每个 `.md` 文件是网站上的一篇稿件或一个条目（本说明文件除外）：开头两行 `---` 之间写字段，下面写正文。

- 新建：`jishi new 类型 --title 标题`，例如 `jishi new person --title 姓名`。
  稿件类型：{stories}；条目：{entities}。
- 检查：`jishi check`，一次列出全部问题，每条写明文件、行和改法。
- 预览和编辑台：`jishi serve`，打开 http://127.0.0.1:8000/_jishi/ 在浏览器里写稿、检查、发布；预览在 http://127.0.0.1:8000/ ，完整的编辑指南在 http://127.0.0.1:8000/guide/ 。
- 发布：`jishi build`，生成到 `site/`。
"""
