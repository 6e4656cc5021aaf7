"""The 编辑台 in Chromium, driven as an editor would: by the visible Chinese labels only.

One `jishi serve` on a copy of the real site (plus a site kind in schema/)
in tmp_path; every test writes its own files.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from jishi.editor.commands import check_root
from support import ROOT, copy_real_site, english_lines, jpeg_with_gps, make_site, run_env

EVENT = ("title: 活动\nrequired: [title]\nproperties:\n  title:\n    title: 活动名称\n    type: string\n"
         "  place:\n    title: 活动地点\n    description: 照原文。\n    type: string\n")
COMMENTED = """---
# 编辑的注释：这一行保存后原样保留
kind: commentary
slug: li-shuyong-commentary
date: "2017"   # 原文未印日期
title: "旧标题"
author: li-shuyong
author_role: "华中师范大学教授"   # 照原文
column: zhuhun
order: 2
---
第一段，**原样**。

第二段  
带两个空格的换行。
"""
# Each kind of the real schema, with its required fields by their visible labels.
KINDS = {
    "纪实报道": ({"标题": "驻企纪实", "工作队": "wit-team", "作者（工作队）": "wit-team"}, "第一段。"),
    "专家点评": ({"标题": "点评一则", "作者": "li-shuyong", "作者职务": "教授", "栏目": "zhuhun"}, "点评正文。"),
    "心声": ({"讲述人": "张淞", "讲述人身份": "职工", "栏目": "zhuhun"}, "心声正文。"),
    "图片": ({"图注": "工作队走访", "替代文字": "两人在车间交谈"}, None),
    "网友声音": ({"标题": "网友留言", "留言人": "网友甲", "留言内容": "说得好"}, None),
    "数字": ({"标题": "几个数字", "说明": "走访", "数值": "12", "单位": "次"}, None),
    "变化": ({"标题": "几点变化", "变化列表": "关系拉近了\n联系密切了"}, None),
    "工作队": ({"队名": "测试工作队", "所驻企业": "wit"}, None),
    "企业": ({"企业全称": "测试有限公司"}, None),
    "栏目": ({"栏目名": "测试栏目", "顺序": "9"}, None),
    "人物": ({"姓名": "王小明"}, None),
    "活动": ({"活动名称": "职工运动会", "活动地点": "武汉"}, "活动正文。"),
}


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """`jishi serve --port 0` on a copy of the real site; yields (preview URL, workbench URL, site root)."""
    site = copy_real_site(tmp_path_factory.mktemp("bench") / "site", "https://example.org/")
    (site / "schema").mkdir()
    (site / "schema" / "event.yaml").write_text(EVENT, encoding="utf-8")
    log = open(site.parent / "serve.err", "w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "jishi", "serve", "--port", "0"], cwd=site, env=run_env(),
                            stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8")
    try:
        lines = [proc.stdout.readline().strip() for _ in range(2)]
        assert lines[0].startswith("预览：http://127.0.0.1:") and lines[1].startswith("编辑台：http://127.0.0.1:"), lines
        yield lines[0].split("：", 1)[1], lines[1].split("：", 1)[1], site
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()
        log.close()
    err = (site.parent / "serve.err").read_text(encoding="utf-8")
    assert "Traceback" not in err and english_lines(err) == [], err


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def saved_file(page, site: Path) -> Path:
    page.get_by_text("已保存。").wait_for()
    rel = unquote(re.search(r"path=([^&]+)", page.url)[1])
    return site / rel


def errors_of(site: Path, path: Path) -> list[str]:
    rel = path.relative_to(site).as_posix()
    return [str(p) for p in check_root(site).problems if p.path == rel and p.is_error]


@pytest.mark.parametrize("label", list(KINDS))
def test_a_story_of_every_kind_is_created_through_the_form(bench, page, label):
    _, base, site = bench
    page.goto(base)
    page.get_by_role("link", name="新建稿件").first.click()
    page.get_by_role("link", name=label, exact=True).click()
    fields, body = KINDS[label]
    for name, value in fields.items():
        page.get_by_label(name, exact=True).fill(value)
    if body:
        page.get_by_label("正文", exact=True).fill(body)
    page.get_by_role("button", name="保存").click()
    path = saved_file(page, site)
    assert errors_of(site, path) == []
    text = path.read_text(encoding="utf-8")
    for value in fields.values():
        if value not in ("张淞", "wit"):
            assert value.split("\n")[0] in text


def test_a_published_title_edited_through_edit_this_page_shows_in_the_preview(bench, page):
    preview, _, site = bench
    page.goto(preview + "stories/dong-yongxiang-commentary/")
    page.get_by_role("link", name="编辑本页").click()
    page.get_by_label("标题", exact=True).fill("改过的点评标题")
    page.get_by_role("button", name="保存").click()
    assert 'title: "改过的点评标题"' in saved_file(page, site).read_text(encoding="utf-8")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        page.goto(preview + "stories/dong-yongxiang-commentary/")
        if "改过的点评标题" in page.locator("h1").first.inner_text():
            break
        time.sleep(1)
    assert "改过的点评标题" in page.locator("h1").first.inner_text()


def open_form(page, base: str, rel: str):
    page.goto(base)
    page.get_by_label("搜索标题或姓名").fill(Path(rel).stem)
    page.get_by_role("button", name="筛选").click()
    page.locator(f'a[href*="{rel}"]').first.click()


def test_a_wrong_date_shows_the_checks_message_beside_the_date(bench, page):
    _, base, site = bench
    rel = "stories/commentary/li-yinan-commentary.md"
    open_form(page, base, rel)
    page.get_by_label("日期", exact=True).fill("2017-02-30")
    page.get_by_role("button", name="保存").click()
    path = saved_file(page, site)
    assert 'date: "2017-02-30"' in path.read_text(encoding="utf-8")
    expected = [str(p) for p in check_root(site).problems if p.path == rel and p.field == "date"]
    assert expected and "日期不存在" in expected[0]
    date_field = page.locator(".field").filter(has=page.get_by_label("日期", exact=True))
    assert date_field.locator(".problems li").all_inner_texts() == expected
    page.get_by_label("日期", exact=True).fill("2017")
    page.get_by_role("button", name="保存").click()
    assert errors_of(site, saved_file(page, site)) == []


def test_a_file_with_comments_keeps_every_other_line(bench, page):
    _, base, site = bench
    rel = "stories/commentary/li-shuyong-commentary.md"
    (site / rel).write_text(COMMENTED, encoding="utf-8")
    open_form(page, base, rel)
    page.get_by_label("标题", exact=True).fill("新标题")
    page.get_by_role("button", name="保存").click()
    after = saved_file(page, site).read_text(encoding="utf-8").splitlines()
    before = COMMENTED.splitlines()
    assert len(after) == len(before)
    assert [(a, b) for a, b in zip(before, after) if a != b] == [('title: "旧标题"', 'title: "新标题"')]


def test_a_change_on_disk_after_the_form_opened_survives_save(bench, page):
    _, base, site = bench
    rel = "stories/commentary/wu-qingjun-commentary.md"
    open_form(page, base, rel)
    disk = (site / rel).read_text(encoding="utf-8").replace("\n---\n", "\n---\n（另一位编辑加的一句。）\n\n", 1)
    (site / rel).write_text(disk, encoding="utf-8")
    page.get_by_label("标题", exact=True).fill("我改的标题")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("文件已被改动，没有覆盖").wait_for()
    assert (site / rel).read_text(encoding="utf-8") == disk
    assert page.get_by_label("标题", exact=True).input_value() == "我改的标题"
    page.get_by_role("button", name="保存").click()  # now on top of the disk's version
    text = saved_file(page, site).read_text(encoding="utf-8")
    assert "（另一位编辑加的一句。）" in text and 'title: "我改的标题"' in text


def test_a_jpeg_with_gps_chosen_for_a_photo_is_stored_without_it(bench, page, tmp_path):
    from PIL import ExifTags, Image

    _, base, site = bench
    photo = tmp_path / "DSC_0042.JPG"
    photo.write_bytes(jpeg_with_gps())
    page.goto(base + "new")
    page.get_by_role("link", name="图片", exact=True).click()
    page.get_by_label("图注", exact=True).fill("工人在食堂")
    page.get_by_label("替代文字", exact=True).fill("几名工人围坐吃饭")
    page.get_by_label("图片文件").set_input_files(str(photo))
    page.get_by_role("button", name="保存").click()
    path = saved_file(page, site)
    stored = page.get_by_label("图片路径").input_value()
    assert stored.startswith("images/") and f'image: "{stored}"' in path.read_text(encoding="utf-8")
    with Image.open(site / "docs" / stored) as img:
        assert not img.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert errors_of(site, path) == []


def test_the_campaign_page_imported_in_the_browser_gives_the_clis_drafts(bench, page, tmp_path, jishi_cli):
    _, base, site = bench
    source = ROOT / "sources" / "000_7b75013789eb843c.txt"
    cli_site = make_site(tmp_path / "cli", {}, with_base=False)
    shutil.copytree(site / "stories", cli_site / "stories", dirs_exist_ok=True)
    before = {p.relative_to(site).as_posix() for p in (site / "stories").rglob("*.md")}
    assert jishi_cli("import", str(source), "--root", str(cli_site)).returncode == 0
    page.goto(base)
    page.get_by_role("link", name="导入").click()
    page.get_by_label("原文文件").set_input_files(str(source))
    page.get_by_role("button", name="导入").click()
    page.get_by_text("导入完成").wait_for()

    def new_files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "stories").rglob("*.md")
                if p.relative_to(root).as_posix() not in before}
    assert new_files(site) == new_files(cli_site)


def test_the_body_is_previewed_as_it_is_typed(bench, page):
    _, base, _ = bench
    page.goto(base + "new?kind=testimonial")
    page.get_by_label("正文", exact=True).fill("第一段有**重点**。\n\n第二段。")
    preview = page.get_by_label("排版预览")
    preview.locator("strong", has_text="重点").wait_for()
    assert preview.locator("p").count() == 2


def test_items_are_added_row_by_row(bench, page):
    _, base, site = bench
    page.goto(base + "new?kind=voices")
    page.get_by_label("标题", exact=True).fill("两条留言")
    page.get_by_label("留言人", exact=True).fill("网友甲")
    page.get_by_label("留言内容", exact=True).fill("第一条")
    page.get_by_role("button", name="增加一条").click()
    page.get_by_label("留言人", exact=True).nth(1).fill("网友乙")
    page.get_by_label("留言内容", exact=True).nth(1).fill("第二条")
    page.get_by_role("button", name="保存").click()
    path = saved_file(page, site)
    assert '  - who: "网友甲"\n    text: "第一条"\n  - who: "网友乙"\n    text: "第二条"\n' in path.read_text(encoding="utf-8")
    assert errors_of(site, path) == []
    assert page.get_by_label("留言人", exact=True).count() == 3  # the two, and one empty row


@pytest.fixture
def review_bench(tmp_path):
    """`jishi serve` on a small site asking for 初审 and 复审, with one draft; yields (workbench URL, story)."""
    from support import ALIASED

    story = ALIASED.replace("aliases: [jiu-pinglun]\n", "draft: true\n")
    site = make_site(tmp_path / "site", {"commentary/xin-pinglun.md": story})
    with open(site / "jishi.yml", "a", encoding="utf-8") as f:
        f.write("review: [初审, 复审]\n")
    log = open(tmp_path / "serve.err", "w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "jishi", "serve", "--port", "0"], cwd=site, env=run_env(),
                            stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8")
    try:
        lines = [proc.stdout.readline().strip() for _ in range(2)]
        yield lines[1].split("：", 1)[1], site / "stories/commentary/xin-pinglun.md"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()
        log.close()
    err = (tmp_path / "serve.err").read_text(encoding="utf-8")
    assert "Traceback" not in err and english_lines(err) == [], err


def test_a_draft_is_signed_off_by_clicking_the_step_button(review_bench, page):
    base, story = review_bench
    open_form(page, base, "stories/commentary/xin-pinglun.md")
    page.get_by_text("待签：初审").wait_for()
    page.get_by_label("审核人", exact=True).fill("王芳")
    page.get_by_role("button", name="签发初审").click()
    page.get_by_text("已签发初审。").wait_for()
    assert page.get_by_text(re.compile(r"^已签：初审 王芳 \d{4}-\d{2}-\d{2}$")).is_visible()
    assert page.get_by_role("button", name="签发复审").is_visible()
    assert page.get_by_label("审核人", exact=True).input_value() == "王芳"  # remembered for the next step
    text = story.read_text(encoding="utf-8")
    assert '  - step: "初审"\n    by: "王芳"\n' in text and "draft: true\n" in text
