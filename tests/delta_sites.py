"""Sites for the delta bundle's tests (jishi.search.delta): republished with `jishi build`, and a full build of the same sources."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from support import copy_real_site, jishi_cli, mkdocs_build
from jishi.search.delta import republish_index
from jishi.search.index import MARK, indexed_digest

EDITED = "stories/testimonial/zhang-song-xinsheng.md"
SECOND = "stories/testimonial/zhang-yong-xinsheng.md"
RETRACTED = "stories/testimonial/yao-lijun-xinsheng.md"
NEW_WORD = "独角鲸观测站"  # in no file of the site until the edit adds it
GONE_WORD = "点菜式"  # in EDITED only: the edit removes it
SECOND_GONE = "聋哑员工"  # in SECOND only: the second edit removes it
RETRACTED_WORD = "工人学校"  # in RETRACTED only
# Lists for a word on 8 pages, 6 pages a list, so the real site has frequent words.
LIST_ENV = {"JISHI_SEARCH_LIST_PAGES": "8", "JISHI_SEARCH_LISTED": "6", "JISHI_SEARCH_SPLIT_PAGES": "8"}


def edit_story(root: Path, story: str, old: str, new: str, extra: str = "") -> None:
    path = root / story
    text = path.read_text(encoding="utf-8")
    assert old in text, (story, old)
    path.write_text(text.replace(old, new) + extra, encoding="utf-8")


def republished_site(tmp: Path, patch) -> tuple[Path, Path]:
    """The real site built, then three republishes (EDITED twice, SECOND once); a full build of the result."""
    for name, value in LIST_ENV.items():
        patch.setenv(name, value)
    root = copy_real_site(tmp / "root", "https://example.cn/")
    steps = [(EDITED, GONE_WORD, "按需", f"\n他们在{NEW_WORD}见过面。\n"), (SECOND, SECOND_GONE, "员工", ""),
             (EDITED, "急救", "急救急救", "\n第三次修改。\n")]
    assert jishi_cli("build", "--root", str(root)).returncode == 0
    for story, old, new, extra in steps:
        edit_story(root, story, old, new, extra)
        result = jishi_cli("build", "--root", str(root))
        assert result.returncode == 0, result.stderr
    full = tmp / "full"
    result = mkdocs_build(root, full)
    assert result.returncode == 0, result.stderr
    return root, full


def record_shards(root: Path) -> list:
    return pickle.loads((root / ".jishi-cache" / "build-state.pickle").read_bytes()).shards


def retracted_site(tmp: Path, root: Path, site: Path) -> tuple[Path, Path]:
    """A story retracted: a full build of it, and the republished ``site`` given the pages that differ
    (as a republish renders them) and indexed into its delta by ``republish_index``."""
    path = root / RETRACTED
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", '---\nretracted: {date: "2024-10-01", reason: 应当事人要求撤回}\n', 1),
                    encoding="utf-8")
    full = tmp / "retracted-full"
    result = mkdocs_build(root, full)
    assert result.returncode == 0, result.stderr
    again = tmp / "retracted-delta"
    shutil.copytree(site, again)
    changed, indexed = set(), set()
    for page in full.rglob("*.html"):
        rel = page.relative_to(full).as_posix()
        html = page.read_text(encoding="utf-8")
        if MARK in html:
            indexed.add(rel)
        mine = again / rel
        if not mine.is_file() or indexed_digest(mine.read_text(encoding="utf-8")) != indexed_digest(html):
            shutil.copy2(page, mine)
            changed.add(rel)
    republish_index(again, record_shards(root), changed, indexed, last_site=site)
    return again, full
