"""Generate a synthetic jishi site of N stories, for benchmarks.

    python bench/generate.py N OUT [--seed 1] [--hooks DIR]

Writes two folders with the same content:

- OUT/jishi/: a full jishi site (mkdocs.yml with an absolute hook path,
  stories/ in our schema, docs/images/ with one small JPEG per photo that
  has an image);
- OUT/plain/: the same stories as plain Markdown pages for plain
  mkdocs-material (explicit nav, one page per story and per entity), the
  reference the benchmark compares against.

The text is real Chinese: sentences of the campaign's source document,
recombined. Names are built from the surnames and given-name characters of
the people in the seed. Everything is deterministic for a given seed. The
synthetic sentences are benchmark data only and never go into stories/.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "sources" / "000_7b75013789eb843c.txt"
FALLBACK_SEED = ROOT / "stories"  # if the seed is not beside us, the stories hold its text

# Share of each story kind, roughly as a newspaper's campaign archive grows.
KIND_SHARES = [("case", 0.15), ("commentary", 0.20), ("testimonial", 0.35), ("photo", 0.20),
               ("voices", 0.04), ("figures", 0.03), ("changes", 0.03)]
SURNAMES = "曹苏张姚罗胡王戴董李吴杨郑刘陈周徐孙马朱高林何郭"
GIVEN = "晶健彩萍涌淞利军刚剑跃初琦正清永祥书勇亦楠庆君东梅光怀华明伟芳丽强磊敏静"
ROLES = ["操作部职工", "车间主任", "班组长", "一线技术员", "工会主席", "质检员", "维修工", "仓储管理员",
         "研究所所长", "大学教授", "区总工会副主席", "焊工", "安全员"]
UNITS = [("篇", 1), ("件", 1), ("人次", 10), ("个", 1), ("小时", 50), ("万名", 0.1)]


def seed_sentences(path: Path = SEED) -> list[str]:
    """The source's sentences: CJK text between 。！？, page-break joins undone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "\n".join(
        p.read_text(encoding="utf-8").split("---", 2)[-1] for p in FALLBACK_SEED.rglob("*.md"))
    text = re.sub(r"\s+", "", text)
    parts = re.findall(r"[^。！？]+[。！？]", text)
    return [p for p in parts if 8 <= len(p) <= 160 and re.search(r"[\u4e00-\u9fff]{4}", p)]


@dataclass
class Entity:
    kind: str
    slug: str
    name: str
    extra: dict = field(default_factory=dict)
    stories: list = field(default_factory=list)


class Generator:
    """Builds the entities and stories in memory, then writes both sites."""

    def __init__(self, n: int, seed: int = 1):
        self.n = n
        self.rng = random.Random(seed)
        self.sentences = seed_sentences()
        self.enterprises = [self._enterprise(i) for i in range(max(5, n // 25))]
        self.people = [self._person(i) for i in range(max(10, n // 3))]
        self.teams = [self._team(i) for i in range(max(5, n // 20))]
        self.columns = [Entity("column", f"lanmu-{i + 1}", self._phrase(4) + "之" + self._phrase(1), {"order": i + 1})
                        for i in range(min(60, 5 + n // 200))]
        self.stories = [self._story(i) for i in range(n)]
        self._distinct_titles()

    def _distinct_titles(self) -> None:
        """A repeated title gets its story's number: jishi warns when two published stories share one."""
        names = {p.slug: p.name for p in self.people}
        seen = set()
        for i, story in enumerate(self.stories):
            data = story["data"]
            speaker = f"{names[data['speaker']]}：心声" if data["kind"] == "testimonial" else None
            title = data.get("title") or speaker or data.get("caption")
            if title in seen:
                title = data["caption" if data["kind"] == "photo" else "title"] = f"{title}（{i + 1}）"
            seen.add(title)

    # --- text ---------------------------------------------------------------
    def _phrase(self, length: int) -> str:
        s = self.rng.choice(self.sentences)
        chars = re.findall(r"[\u4e00-\u9fff]", s)
        start = self.rng.randrange(max(1, len(chars) - length))
        return "".join(chars[start:start + length]) or "工会"

    def _title(self, length: int) -> str:
        chars = re.findall(r"[\u4e00-\u9fff]", self.rng.choice(self.sentences))
        return "".join(chars[:length]) or "到职工中去"

    def _body(self) -> str:
        # Triangular 300..3000 with mode 1200: mean ~1500 characters.
        target = int(self.rng.triangular(300, 3000, 1200))
        paragraphs, size = [], 0
        while size < target:
            para = "".join(self.rng.choice(self.sentences) for _ in range(self.rng.randint(2, 6)))
            paragraphs.append(para)
            size += len(para)
        if self.rng.random() < 0.3:
            paragraphs.insert(len(paragraphs) // 2, "## " + self._phrase(self.rng.randint(4, 10)))
        if self.rng.random() < 0.2:
            paragraphs.append("- " + "\n- ".join(self._phrase(12) for _ in range(3)))
        return "\n\n".join(paragraphs)

    def _name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.randint(1, 2)))

    # --- entities -----------------------------------------------------------
    def _enterprise(self, i: int) -> Entity:
        short = self._phrase(2) + self.rng.choice(["科技", "制造", "物流", "建设", "重工", "港务"])
        return Entity("enterprise", f"qiye-{i + 1}", f"武汉{short}有限公司", {"short_name": short})

    def _person(self, i: int) -> Entity:
        return Entity("person", f"renwu-{i + 1}", self._name())

    def _team(self, i: int) -> Entity:
        ent = self.enterprises[i % len(self.enterprises)]
        members = [p.slug for p in self.rng.sample(self.people, 3)]
        return Entity("team", f"{ent.slug}-dui-{i + 1}", f"武汉市总工会驻{ent.extra['short_name']}工作队",
                      {"enterprise": ent.slug, "members": members, "period": "两周"})

    # --- stories ------------------------------------------------------------
    def _kind(self) -> str:
        r, acc = self.rng.random(), 0.0
        for kind, share in KIND_SHARES:
            acc += share
            if r < acc:
                return kind
        return "case"

    def _story(self, i: int) -> dict:
        kind = self._kind()
        rng = self.rng
        # Past years only: a date after today would be an embargo (withheld).
        date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        data = {"kind": kind, "slug": f"{kind}-{i + 1}", "date": date}
        team = rng.choice(self.teams)
        column = rng.choice(self.columns)
        body = self._body()
        if kind == "case":
            data.update(title=self._title(rng.randint(6, 14)), author_team=team.slug, team=team.slug,
                        enterprise=team.extra["enterprise"])
            if rng.random() < 0.4:
                data["people"] = [p.slug for p in rng.sample(self.people, 2)]
        elif kind == "commentary":
            data.update(title=self._title(rng.randint(8, 16)), author=rng.choice(self.people).slug,
                        author_role=rng.choice(ROLES), column=column.slug, order=rng.randint(1, 9))
        elif kind == "testimonial":
            data.update(speaker=rng.choice(self.people).slug, speaker_role=rng.choice(ROLES),
                        column=column.slug, order=rng.randint(1, 9), enterprise=team.extra["enterprise"],
                        team=team.slug)
        elif kind == "photo":
            person = rng.choice(self.people)
            data.update(caption=f"工会干部{person.name}现场向工人师傅学习", alt=f"{person.name}在车间学习的照片",
                        people=[person.slug], credit="本报记者摄")
            if rng.random() < 0.8:
                data["image"] = f"images/{data['slug']}.jpg"
            body = "" if rng.random() < 0.7 else self._phrase(40) + "。"
        elif kind == "voices":
            data.update(title="网友声音", column=column.slug, items=[
                {"who": "网友" + self._name(), "text": rng.choice(self.sentences)} for _ in range(rng.randint(3, 8))])
            body = ""
        elif kind == "figures":
            items = []
            for _ in range(rng.randint(3, 6)):
                unit, scale = rng.choice(UNITS)
                items.append({"label": self._phrase(4), "value": round(rng.randint(1, 3000) * scale, 1) if scale < 1
                              else rng.randint(1, 3000) * scale, "unit": unit})
            data.update(title="数字", column=column.slug, items=items)
            body = rng.choice(self.sentences)
        elif kind == "changes":
            data.update(title="变化", column=column.slug, items=[self._phrase(12) for _ in range(4)])
            body = ""
        if rng.random() < 0.05:
            data["summary"] = rng.choice(self.sentences)[:120]
        return {"data": data, "body": body}


def _front_matter(data: dict, body: str) -> str:
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{head}---\n{body}\n"


def _jpeg(rng: random.Random) -> bytes:
    from PIL import Image

    img = Image.new("RGB", (320, 240), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    return buf.getvalue()


def write_jishi_site(gen: Generator, out: Path, hooks: Path) -> None:
    """The jishi site: mkdocs.yml (absolute hook), stories/, docs/images/."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("hooks/jishi_hook.py", str(hooks / "jishi_hook.py"))
    (out / "docs" / "images").mkdir(parents=True, exist_ok=True)
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    folders = {"enterprise": "enterprises", "person": "people", "team": "teams", "column": "columns"}
    for group in (gen.enterprises, gen.people, gen.teams, gen.columns):
        for e in group:
            d = out / "stories" / folders[e.kind]
            d.mkdir(parents=True, exist_ok=True)
            data = {"kind": e.kind, "slug": e.slug, "name": e.name, **e.extra}
            (d / f"{e.slug}.md").write_text(_front_matter(data, ""), encoding="utf-8")
    pic = random.Random(7)
    images = [_jpeg(pic) for _ in range(16)]
    for i, story in enumerate(gen.stories):
        data = story["data"]
        # Folders of a few hundred files, as an archive kept by year would be.
        d = out / "stories" / data["kind"] / data["date"][:4]
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{data['slug']}.md").write_text(_front_matter(data, story["body"]), encoding="utf-8")
        if "image" in data:
            (out / "docs" / data["image"]).write_bytes(images[i % len(images)])


def write_plain_site(gen: Generator, out: Path) -> None:
    """The same stories as plain Markdown for plain mkdocs-material."""
    docs = out / "docs"
    (docs / "stories").mkdir(parents=True, exist_ok=True)
    by = {e.slug: e for group in (gen.enterprises, gen.people, gen.teams, gen.columns) for e in group}
    for story in gen.stories:
        data = story["data"]
        title = data.get("title") or data.get("caption") or data["slug"]
        refs = [data.get(k) for k in ("team", "enterprise", "column", "author", "speaker")] + data.get("people", [])
        links = []
        for slug in filter(None, refs):
            by[slug].stories.append((data["slug"], title))
            links.append(f"[{by[slug].name}](../{by[slug].kind}/{slug}.md)")
        image = f"![{data['alt']}](../{data['image']})\n\n" if "image" in data else ""
        items = "".join(f"- {i if isinstance(i, str) else i.get('text') or i.get('label')}\n"
                        for i in data.get("items", []))
        text = f"# {title}\n\n{image}{story['body']}\n\n{items}\n{' · '.join(links)}\n"
        (docs / "stories" / f"{data['slug']}.md").write_text(text, encoding="utf-8")
    for e in by.values():
        (docs / e.kind).mkdir(exist_ok=True)
        lines = "".join(f"- [{t}](../stories/{s}.md)\n" for s, t in e.stories)
        (docs / e.kind / f"{e.slug}.md").write_text(f"# {e.name}\n\n{lines}", encoding="utf-8")
    # List pages like jishi's: one per kind, one per entity kind; these make the nav.
    (docs / "kinds").mkdir()
    nav = [{"首页": "index.md"}]
    for kind, _ in KIND_SHARES:
        lines = "".join(f"- [{s['data'].get('title') or s['data']['slug']}](../stories/{s['data']['slug']}.md)\n"
                        for s in gen.stories if s["data"]["kind"] == kind)
        (docs / "kinds" / f"{kind}.md").write_text(f"# {kind}\n\n{lines}", encoding="utf-8")
        nav.append({kind: f"kinds/{kind}.md"})
    for kind in ("column", "team", "enterprise", "person"):
        lines = "".join(f"- [{e.name}]({e.slug}.md)\n" for e in by.values() if e.kind == kind)
        (docs / kind / "index.md").write_text(f"# {kind}\n\n{lines}", encoding="utf-8")
        nav.append({kind: f"{kind}/index.md"})
    nav[5:8] = [{"链接": nav[5:8]}]  # a section, as in jishi's nav
    (docs / "index.md").write_text("# 首页\n\n" + "".join(
        f"- [{s['data'].get('title') or s['data']['slug']}](stories/{s['data']['slug']}.md)\n"
        for s in gen.stories[:20]), encoding="utf-8")
    shutil.copytree(out.parent / "jishi" / "docs" / "images", docs / "images", dirs_exist_ok=True)
    config = {
        "site_name": "对话“到职工中去”", "site_url": "https://example.org/", "use_directory_urls": True,
        "theme": {"name": "material", "language": "zh", "font": False,
                  "features": ["navigation.tabs", "navigation.top"]},
        "plugins": [], "nav": nav,
        "not_in_nav": "/stories/\n/person/\n/team/\n/enterprise/\n/column/\n/kinds/\n",
        "markdown_extensions": ["attr_list", "md_in_html", {"toc": {"permalink": False}}],
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # The reference: a one-entry explicit nav, no tabs.
    config.update(nav=[{"首页": "index.md"}], not_in_nav="/*\n!/index.md\n")
    config["theme"] = {k: v for k, v in config["theme"].items() if k != "features"}
    (out / "mkdocs-minimal.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
    # Material's own search, which segments Chinese with jieba when it is installed.
    config["plugins"] = [{"search": {"lang": "zh"}}]
    (out / "mkdocs-jieba.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")


def generate(n: int, out: Path, seed: int = 1, hooks: Path = ROOT / "hooks") -> Generator:
    """Write OUT/jishi and OUT/plain for n stories; replaces what was there."""
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    gen = Generator(n, seed)
    write_jishi_site(gen, out / "jishi", Path(hooks).resolve())
    write_plain_site(gen, out / "plain")
    return gen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hooks", type=Path, default=ROOT / "hooks")
    args = parser.parse_args()
    gen = generate(args.n, args.out, args.seed, args.hooks)
    chars = sum(len(s["body"]) for s in gen.stories if s["body"])
    print(f"{args.n} stories ({chars // max(1, args.n)} body characters on average), {len(gen.people)} people, "
          f"{len(gen.teams)} teams, {len(gen.enterprises)} enterprises, {len(gen.columns)} columns → {args.out}")


if __name__ == "__main__":
    main()
