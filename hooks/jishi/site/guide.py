"""The editor's guide (编辑指南), built from the schema and from the checker itself.

Nothing here is a copy that could drift: fields, titles, descriptions and
required-ness come from the schema files; examples from the site's own
content (or the schema's ``examples``); each error message is produced by
running the real checker on a small broken file at build time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pathlib import Path

from jishi.content.load import load_texts
from jishi.content.hygiene import LIMITS
from jishi.content.images import image_problem
from jishi.content.lint import PLACEHOLDER
from jishi.content.loader import parse_source, yaml_scalar as _scalar
from jishi.content.model import ENTITY_KINDS, STORY_KINDS, folder_of
from jishi.site.urls import check_published_urls
from jishi.content.schema import KindSchema, Schema

__all__ = ["GuideField", "GuideKind", "GuideError", "editor_guide", "ERROR_EXAMPLES"]

_TYPE_LABELS = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false",
                "array": "列表", "object": "映射"}


@dataclass
class GuideField:
    name: str
    title: str
    description: str
    need: str  # 必填 / 二选一 / 可选
    type: str
    example: str
    parent: str = ""  # for a key inside each item of a list field


@dataclass
class GuideKind:
    kind: str
    title: str
    description: str
    is_story: bool
    folder: str
    fields: list = field(default_factory=list)


@dataclass
class GuideError:
    title: str
    explain: str
    source: str  # the broken lines
    output: str  # what jishi check prints for them


def editor_guide(schema: Schema, site=None) -> dict:
    """Everything the guide page shows: kinds with their fields, and the errors."""
    order = {k: i for i, k in enumerate(STORY_KINDS + ENTITY_KINDS)}  # then the site's own kinds
    kinds = [_guide_kind(ks, site, schema.common) for ks in schema.kinds.values()]
    kinds.sort(key=lambda k: (order.get(k.kind, len(order)), k.kind))
    return {"kinds": kinds, "errors": _errors(), "example": _site_examples(site),
            "entities": "、".join(schema.kinds[k].title for k in ENTITY_KINDS if k in schema.kinds)}


def _site_examples(site) -> dict:
    """Names the guide's how-to steps use: the site's own first person, column and role, or neutral ones."""
    people = sorted(site.people.values(), key=lambda e: e.slug) if site is not None else []
    columns = site.columns_in_order if site is not None else []
    roles = [s.role for s in site.stories if s.role] if site is not None else []
    return {"person": people[0].slug if people else "li-ming",
            "column": columns[0].slug if columns else "fangtan",
            "role": roles[0] if roles else "志愿者"}


def _guide_kind(ks: KindSchema, site, common: dict) -> GuideKind:
    examples = _examples(ks.kind, site)
    out = GuideKind(ks.kind, ks.title, ks.description, ks.is_story, folder_of(ks.kind))
    base = common["$defs"][ks.raw["$ref"].rsplit("/", 1)[-1]]["properties"]
    for name, prop in ks.properties.items():
        prop = {**base.get(name, {}), **prop}  # a kind's `kind: {const: …}` keeps the common title
        if name in ks.required:
            need = "必填"
        elif name in ks.one_of_required:
            need = "二选一：" + " 或 ".join(ks.one_of_required)
        else:
            need = "可选"
        kind = prop.get("type", "string")
        kind = "或".join(_TYPE_LABELS.get(k, k) for k in kind) if isinstance(kind, list) else _TYPE_LABELS.get(kind, kind)
        example = _example(name, prop, examples, ks.kind)
        out.fields.append(GuideField(name, prop.get("title", name), prop.get("description", ""), need, kind, example))
        items = prop.get("items") or {}
        for sub, sub_prop in (items.get("properties") or {}).items():
            sub_need = "必填" if sub in items.get("required", []) else "可选"
            sub_type = _TYPE_LABELS.get(sub_prop.get("type", "string"), "文字")
            out.fields.append(GuideField(sub, sub_prop.get("title", sub), sub_prop.get("description", ""),
                                         sub_need, sub_type, "", parent=name))
    return out


def _examples(kind: str, site) -> dict:
    """First value of every field among the site's own entries of this kind."""
    found: dict = {}
    if site is None:
        return found
    for entry in site.entries():
        if entry.kind == kind:
            for name, value in entry.data.items():
                found.setdefault(name, value)
    return found


def _example(name: str, prop: dict, examples: dict, kind: str) -> str:
    if name == "kind":
        value = kind
    elif name in examples:
        value = examples[name]
    elif prop.get("examples"):
        value = prop["examples"][0]
    else:
        match = re.search(r"例如\s*([A-Za-z0-9_./-]+)", prop.get("description", ""))
        kind = prop.get("type")
        kind = kind[0] if isinstance(kind, list) else kind
        value = match[1] if match else {"boolean": True, "array": ["…"]}.get(kind, "…")
    if isinstance(value, list):
        lines = [f"{name}:"]
        for item in value[:2]:
            if isinstance(item, dict):
                pairs = [f"{k}: {_scalar(v)}" for k, v in item.items()]
                lines += [f"  - {pairs[0]}"] + [f"    {p}" for p in pairs[1:]]
            else:
                lines.append(f"  - {_scalar(item)}")
        return "\n".join(lines)
    if isinstance(value, dict):
        return "\n".join([f"{name}:"] + [f"  {k}: {_scalar(v)}" for k, v in list(value.items())[:1]])
    return f"{name}: {_scalar(value)}"


# The broken examples are neutral (a made-up 李明 in a made-up column 访谈), never any site's content.
_PERSON = '---\nkind: person\nslug: li-ming\nname: 李明\n---\n'
_COLUMN = '---\nkind: column\nslug: fangtan\nname: 访谈\norder: 1\n---\n'
_GOOD = 'kind: testimonial\nslug: li-ming-xinsheng\ndate: "2024"\nspeaker: li-ming\nspeaker_role: 志愿者\ncolumn: fangtan'
_BODY = "这次活动让我印象深刻。"
_PASTED = "活动的主题是根据大家的实际需求确定的，形式新颖，参与性强。"

# (title, what it means, the broken front matter or whole file). Messages come from running the checker.
ERROR_EXAMPLES = [
    ("必填字段缺失", "这一类稿件必须写的字段没写。按提示补上；字段说明见上面的字段表。",
     _GOOD.replace("\nspeaker_role: 志愿者", "")),
    ("未知字段", "字段名拼错了，或者这类稿件没有这个字段。按“你是不是想写”改正。",
     _GOOD + "\ntitel: 心声"),
    ("找不到引用的对象", "栏目、工作队、企业、人物都用网址名引用，这个网址名不存在。按提示改正，或先用 jishi new 建立它。",
     _GOOD.replace("column: fangtan", "column: fangtna")),
    ("网址名格式不对", "网址名只能用小写英文字母、数字和连字符。",
     _GOOD.replace("slug: li-ming-xinsheng", "slug: Li_Ming")),
    ("日期格式不对", "日期写成 2017-06-01、2017-06 或 2017，要加英文引号。",
     _GOOD.replace('date: "2024"', "date: 2024年6月")),
    ("日期不存在", "年月日写错了。", _GOOD.replace('date: "2024"', 'date: "2024-02-30"')),
    ("取值类型不对", "这里要写数字，不能写汉字。", _GOOD + "\norder: 第二"),
    ("占位内容没有填写", f"jishi new 生成的文件里，以 {PLACEHOLDER} 开头的值都要换成真实内容。",
     _GOOD.replace("speaker_role: 志愿者", f'speaker_role: "{PLACEHOLDER}：讲述人身份"')),
    ("字段名后用了中文冒号", "输入法在中文状态下敲出了“：”。YAML 只认英文冒号，后面再加一个空格。",
     _GOOD.replace("speaker_role: ", "speaker_role：")),
    ("冒号后是全角空格", "冒号后面的空格是全角的（中文输入法下敲的）。", _GOOD.replace("speaker_role: ", "speaker_role:\u3000")),
    ("值里有冒号", "值里含有英文冒号加空格时，整个值要用英文双引号括起来。", _GOOD + "\ntitle: 心声: 李明"),
    ("引号没有配对", "值开头有引号，结尾却没有。", _GOOD.replace('date: "2024"', 'date: "2024')),
    ("字段重复", "同一个字段写了两次，只保留一个。", _GOOD + "\ncolumn: fangtan"),
    ("网址名重复", "两篇稿件用了同一个网址名；每篇的网址名必须唯一。", None),
    ("未知的稿件类型", "kind 写错了。", _GOOD.replace("kind: testimonial", "kind: testimonal")),
    ("缺少前置信息", "文件第一行必须是 ---，字段写完再用一行 --- 结束。", "FILE:speaker: li-ming\n" + _BODY),
    ("正文里有不允许的 HTML", "从网页复制时带进了脚本等代码。删掉它；加粗、链接等用 Markdown 写。",
     _GOOD + "\n---\n我们开展了一次讲座。<script>alert(1)</script>"),
    ("找不到图片文件", "image 写的文件不在 docs/ 下，或文件名大小写、拼写不一致。", "IMAGE"),
    ("已发布的网址不再有页面", "urls.txt 里记着发布过的网址；改了网址名（slug）时，在 aliases 里写上旧的，旧链接才不会断。",
     "URLS"),
    ("含有看不见的字符", "从网页、聊天软件或 PDF 粘贴时带进了看不见的字符（文字方向控制符、零宽空格等），会让标题等显示得和实际内容"
     "不一样。删掉它，重新输入前后几个字。正文里的这类字符是警告。", _GOOD + '\ntitle: "李明\u202e心声"'),
    ("太长了", f"标题最多 {LIMITS['title']} 字，名称 {LIMITS['name']} 字，简称 {LIMITS['short_name']} 字，职务 "
     f"{LIMITS['speaker_role']} 字，图注和替代文字 {LIMITS['caption']} 字，摘要 200 字；多半是把正文贴进了标题。",
     _GOOD + "\ntitle: " + "长" * 120),
    ("正文是空的", "纪实报道、专家点评和心声必须有正文，写在第二个 --- 之后。", "FILE:---\n" + _GOOD + "\n---\n   \n"),
    ("引用式链接的标签没有定义", "写了 [文字][标签]，正文里却没有一行 [标签]: 网址。", _GOOD + "\n---\n见[原文][yuanwen]。"),
    ("文件是 GBK 编码", "Windows 记事本等把文件存成了 GBK。运行 jishi check --fix-encoding 自动转存为 UTF-8。", "GBK"),
    ("段落在句子中间断开（警告）", "从 PDF 复制时，换页把一句话拆成了两段。把两段接起来。",
     _GOOD + "\n---\n从今年4月开始，我们陆续走进8个社区开\n\n展服务活动。"),
    ("同一段文字出现两次（警告）", "同一段话粘贴了两次。只保留一处。", _GOOD + f"\n---\n{_PASTED}\n\n{_PASTED}"),
    ("混用半角标点（警告）", "中文句子里用了英文逗号、句号等。改成全角标点。", _GOOD + "\n---\n形式新颖,参与性强。"),
]


@lru_cache(maxsize=1)
def _errors() -> tuple:
    """Run the checker on each broken example; keep what it really prints."""
    out = []
    for title, explain, text in ERROR_EXAMPLES:
        files = {"stories/people/li-ming.md": _PERSON, "stories/columns/fangtan.md": _COLUMN}
        path = "stories/testimonial/li-ming-xinsheng.md"
        if text is None:  # two files claiming one slug
            text = _GOOD
            files[path] = f"---\n{_GOOD}\n---\n另一篇心声的正文。\n"
            path = "stories/testimonial/li-ming.md"
        if text in ("IMAGE", "URLS"):
            pass
        elif text == "GBK":
            content = f"---\n{_GOOD}\n---\n{_BODY}\n".encode("gbk")
            source = f"（文件以 GBK 编码保存）\n{_GOOD}"
        elif text.startswith("FILE:"):
            content = source = text[len("FILE:"):]
        else:
            front, _, body = text.partition("\n---\n")
            content = f"---\n{front}\n---\n{body or _BODY}\n"
            source = content
        if text in ("IMAGE", "URLS"):
            path, source, content, extra = _special(text, files)
        else:
            extra = []
        files[path] = content
        site, problems = load_texts(files)
        if text == "URLS":
            extra = check_published_urls(site, [("/stories/li-ming-xinsheng/", 1)], "urls.txt")
        lines = [str(p) for p in sorted(set(problems)) if p.path == path] + [str(p) for p in extra]
        out.append(GuideError(title, explain, source.strip(), "\n".join(lines)))
    return tuple(out)


def _special(text: str, files: dict) -> tuple[str, str, str, list]:
    """Examples that need more than the files: a photo file, a list of published URLs."""
    if text == "IMAGE":
        path = "stories/photo/li-ming-photo.md"
        content = ('---\nkind: photo\nslug: li-ming-photo\ndate: "2024"\n'
                   'caption: 李明在活动现场\nalt: 李明在活动现场为居民讲解\n'
                   'image: images/li-mnig.jpg\n---\n')
        line, col = parse_source(content.encode("utf-8"), path).position(("image",))
        # No docs/ folder here: the real check, against a folder that has no such file.
        missing = image_problem(path, line, col, "images/li-mnig.jpg", Path("/nonexistent/docs"))
        return path, content, content, [missing]
    path = "stories/testimonial/li-ming.md"
    content = f"---\n{_GOOD.replace('slug: li-ming-xinsheng', 'slug: li-ming-xs')}\n---\n{_BODY}\n"
    return path, f"urls.txt：\n/stories/li-ming-xinsheng/\n\n{path}：\n{content}", content, []
