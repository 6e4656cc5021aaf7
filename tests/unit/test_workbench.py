"""The 编辑台 through Werkzeug's test client: forms, saves, conflicts, and hostile requests."""

from __future__ import annotations

import io
import re
import shutil
from html import unescape

import pytest
from werkzeug.test import Client

from jishi.editor.commands import check_root
from jishi.editor.workbench.accounts import add_account
from jishi.editor.workbench.app import Workbench
from jishi.editor.workbench.mount import mount
from support import ROOT, jpeg_with_gps, make_site

ORIGIN = {"Origin": "http://localhost"}
COMMENTED = """---
# 这一行是编辑的注释，保存后原样保留
kind: commentary
slug: li-shuyong-commentary
date: "2017"   # 年份：原文未印
title: "旧标题"
author: li-shuyong
author_role: "华中师范大学教授"
column: zhuhun
order: 1
---
第一段，**原样**。

第二段  
带两个空格的换行。
"""


@pytest.fixture
def site(tmp_path):
    root = make_site(tmp_path / "site", {})
    shutil.copytree(ROOT / "stories", root / "stories", dirs_exist_ok=True)
    return root


@pytest.fixture
def client(site):
    return Client(Workbench(site))


def token(html: str, name: str = "csrf") -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html)[1]


def field_problems(html: str, name: str) -> list[str]:
    block = re.search(rf'<ul class="problems" id="p-f-{name}"[^>]*>(.*?)</ul>', html, re.S)
    return [unescape(li) for li in re.findall(r"<li>(.*?)</li>", block[1], re.S)] if block else []


def save(client, rel: str, **fields):
    page = client.get(f"/_jishi/edit?path={rel}").text
    data = {"csrf": token(page), "digest": token(page, "digest"), "path": rel}
    for name, value in re.findall(r'<input id="(f-[a-z_]+)" name="\1" value="([^"]*)"', page):
        data[name] = unescape(value)
    body = re.search(r'<textarea id="f-body" name="body"[^>]*>\n(.*?)</textarea>', page, re.S)[1]
    data["body"] = unescape(body)
    data.update(fields)
    return client.post("/_jishi/edit", data=data, headers=ORIGIN)


def static_page(page: bytes = b"<html><body><p>x</p></body></html>"):
    """A stand-in for the preview server: every path is this HTML page."""
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(page)))])
        return [page]
    return app


def test_home_lists_every_file_by_kind_with_status_and_problems(client):
    html = client.get("/_jishi/").text
    assert "新建稿件" in html
    for label in ("纪实报道", "专家点评", "心声", "图片", "工作队", "人物"):
        assert f"<h2>{label}（" in html
    assert "已发布" in html
    filtered = client.get("/_jishi/?q=张淞&kind=testimonial").text
    assert "张淞" in filtered and "李书勇" not in filtered


def test_new_story_from_the_form_passes_check(client, site):
    form = client.get("/_jishi/new?kind=case").text
    for label in ("标题", "工作队", "日期", "网址名", "正文"):
        assert re.search(rf"<label for=\"f-[a-z_]+\">{label}</label>", form)
    answer = client.post("/_jishi/new", headers=ORIGIN, data={
        "csrf": token(form), "kind": "case", "f-title": "新的报道", "f-team": "wit-team", "f-date": "2017-06-01",
        "f-author_team": "武汉市总工会驻武汉国际集装箱有限公司小分队",  # a name: its slug is stored
        "body": "第一段。\r\n\r\n第二段。"})
    assert answer.status_code == 303
    path = site / "stories/case/xin-de-bao-dao.md"
    text = path.read_text(encoding="utf-8")
    assert 'author_team: "wit-team"' in text and text.endswith("第一段。\n\n第二段。\n")
    problems = [p for p in check_root(site).problems if p.path == "stories/case/xin-de-bao-dao.md"]
    assert problems == []


def test_edit_changes_only_the_changed_lines(client, site):
    rel = "stories/commentary/li-shuyong-commentary.md"
    (site / rel).write_text(COMMENTED, encoding="utf-8")
    assert save(client, rel, **{"f-title": "新标题"}).status_code == 303
    before, after = COMMENTED.splitlines(), (site / rel).read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert changed == [('title: "旧标题"', 'title: "新标题"')]


def test_a_wrong_date_is_kept_and_its_problem_shown_beside_the_field(client, site):
    rel = "stories/commentary/li-shuyong-commentary.md"
    answer = save(client, rel, **{"f-date": "2017-02-30"})
    assert answer.status_code == 303
    assert 'date: "2017-02-30"' in (site / rel).read_text(encoding="utf-8")
    html = client.get(answer.headers["Location"]).text
    expected = [str(p) for p in check_root(site).problems if p.path == rel and p.field == "date"]
    assert expected and field_problems(html, "date") == expected


def test_a_change_on_disk_after_opening_survives_save(client, site):
    rel = "stories/commentary/li-shuyong-commentary.md"
    page = client.get(f"/_jishi/edit?path={rel}").text
    disk = (site / rel).read_text(encoding="utf-8").replace("order: 2", "order: 7")
    (site / rel).write_text(disk, encoding="utf-8")
    answer = client.post("/_jishi/edit", headers=ORIGIN, data={
        "csrf": token(page), "digest": token(page, "digest"), "path": rel, "f-title": "编辑的新标题",
        "f-author": "li-shuyong", "f-author_role": "x", "f-column": "zhuhun", "body": "正文"})
    assert answer.status_code == 200 and "文件已被改动，没有覆盖" in answer.text
    assert (site / rel).read_text(encoding="utf-8") == disk
    kept = list((site / ".jishi-cache/workbench/kept").iterdir())
    assert len(kept) == 1 and "编辑的新标题" in kept[0].read_text(encoding="utf-8")
    assert 'value="编辑的新标题"' in answer.text and "order: 7" in answer.text


def test_a_title_holding_markup_is_shown_as_text(client, site):
    rel = "stories/commentary/li-shuyong-commentary.md"
    save(client, rel, **{"f-title": "<script>alert(1)</script>"})
    for url in ("/_jishi/", f"/_jishi/edit?path={rel}"):
        html = client.get(url).text
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


@pytest.mark.parametrize("path", ["../mkdocs.yml", "stories/../../etc/passwd", "/etc/passwd", "%2e%2e/mkdocs.yml",
                                  "stories/%2e%2e/%2e%2e/x.md", "stories%2f..%2f..%2fx.md", "mkdocs.yml",
                                  "stories/link.md/../../hooks/x.md", "%252e%252e/x.md", "stories\\..\\x.md"])
def test_paths_outside_stories_are_refused(client, site, path):
    page = client.get("/_jishi/edit?path=stories/commentary/li-shuyong-commentary.md").text
    assert client.get(f"/_jishi/edit?path={path}").status_code in (403, 404)
    answer = client.post("/_jishi/edit", headers=ORIGIN, data={"csrf": token(page), "path": path, "text": "x"})
    assert answer.status_code in (403, 404) and "Traceback" not in answer.text
    assert (site / "mkdocs.yml").read_text(encoding="utf-8").startswith("site_name")


def test_a_symlink_leading_out_is_refused(client, site, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\nkind: person\nslug: x\nname: 外\n---\n", encoding="utf-8")
    (site / "stories/people/link.md").symlink_to(outside)
    assert client.get("/_jishi/edit?path=stories/people/link.md").status_code == 403


@pytest.mark.parametrize("headers, with_token", [
    (ORIGIN, False), (ORIGIN, "wrong"), ({"Origin": "http://evil.example"}, True),
    ({"Referer": "http://evil.example/x"}, True), ({}, True)])
def test_posts_without_token_or_from_elsewhere_are_refused(client, site, headers, with_token):
    rel = "stories/commentary/li-shuyong-commentary.md"
    before = (site / rel).read_bytes()
    page = client.get(f"/_jishi/edit?path={rel}").text
    data = {"path": rel, "digest": token(page, "digest"), "f-title": "改掉", "body": "x"}
    if with_token:
        data["csrf"] = token(page) if with_token is True else with_token
    answer = client.post("/_jishi/edit", data=data, headers=headers)
    assert answer.status_code == 403 and ("拒绝" in answer.text or "过期" in answer.text)
    assert (site / rel).read_bytes() == before


def test_a_huge_upload_is_refused_before_it_is_read(client, site, tmp_path):
    huge = tmp_path / "huge.jpg"
    with open(huge, "wb") as out:
        out.truncate(100 << 20)  # 100 MB, sparse
    with open(huge, "rb") as stream:
        answer = client.post("/_jishi/edit", input_stream=stream, content_length=100 << 20, headers=ORIGIN,
                             content_type="multipart/form-data; boundary=x")
    assert answer.status_code == 413 and "太大" in answer.text


def test_signing_in_is_needed_with_host(site, tmp_path):
    accounts = tmp_path / "accounts"
    add_account(accounts, "wang", "correct horse")
    assert "wang:scrypt$" in accounts.read_text() and "correct horse" not in accounts.read_text()
    bench = Workbench(site, accounts_file=accounts)
    client = Client(mount(static_page(), bench))
    for url in ("/_jishi/", "/_jishi/edit?path=stories/commentary/li-shuyong-commentary.md", "/stories/x/"):
        answer = client.get(url)
        assert answer.status_code == 303 and answer.headers["Location"].endswith("/_jishi/login")
    login = client.get("/_jishi/login").text
    bad = client.post("/_jishi/login", data={"csrf": token(login), "name": "wang", "password": "nope"}, headers=ORIGIN)
    assert bad.status_code == 401 and "用户名或密码不对" in bad.text
    good = client.post("/_jishi/login", data={"csrf": token(login), "name": "wang", "password": "correct horse"},
                       headers=ORIGIN)
    assert good.status_code == 303
    assert client.get("/_jishi/").status_code == 200


def test_preview_pages_get_the_edit_link_and_it_finds_the_file(client, site):
    app = mount(static_page(), client.application)
    html = Client(app).get("/stories/li-shuyong-commentary/").text
    link = re.search(r'<a class="jishi-edit-page" href="([^"]+)"[^>]*>编辑本页</a></body>', html)
    assert link
    answer = client.get(unescape(link[1]))
    assert answer.headers["Location"].endswith("path=stories/commentary/li-shuyong-commentary.md")


def test_errors_are_pages_in_chinese(client):
    answer = client.get("/_jishi/nope")
    assert answer.status_code == 404 and "找不到这个页面" in answer.text


def new_photo(client, name: str, data: bytes):
    form = client.get("/_jishi/new?kind=photo").text
    return client.post("/_jishi/new", headers=ORIGIN, data={
        "csrf": token(form), "kind": "photo", "f-caption": "车间走访", "f-alt": "两人交谈", "f-date": "2017",
        "upload": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_a_photo_is_stored_without_its_gps(client, site):
    from PIL import ExifTags, Image

    answer = new_photo(client, "IMG_0001.JPG", jpeg_with_gps())
    story = (site / "stories/photo/che-jian-zou-fang.md").read_text(encoding="utf-8")
    assert 'image: "images/che-jian-zou-fang.jpg"' in story
    with Image.open(site / "docs/images/che-jian-zou-fang.jpg") as img:
        exif = img.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and ExifTags.Base.Make not in exif
    assert "已保存" in client.get(answer.headers["Location"]).text
    assert not [p for p in (site / "docs/images").iterdir() if p.name.startswith(".upload-")]


@pytest.mark.parametrize("name, data", [
    ("photo.html", b"<html><script>alert(1)</script></html>"),
    ("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("photo.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")])
def test_markup_uploaded_as_a_photo_is_refused_with_the_checks_message(client, site, name, data):
    images = {p for p in (site / "docs").rglob("*") if p.is_file()}
    answer = new_photo(client, name, data)
    story = site / "stories/photo/che-jian-zou-fang.md"
    assert "\nimage:" not in story.read_text(encoding="utf-8") and 'caption: "车间走访"' in story.read_text(encoding="utf-8")
    assert {p for p in (site / "docs").rglob("*") if p.is_file()} == images
    html = client.get(answer.headers["Location"]).text
    assert re.search(r'<label for="f-image-file">图片文件</label>', html)
    assert field_problems(html, "image") == [
        "stories/photo/che-jian-zou-fang.md: image: 文件不是图片，或者图片已损坏；请重新导出为 JPEG 或 PNG"]


def test_renaming_a_published_story_keeps_its_old_slug_in_aliases(client, site):
    rel = "stories/commentary/li-yinan-commentary.md"
    save(client, rel, **{"f-slug": "li-yinan-dianping"})
    text = (site / rel).read_text(encoding="utf-8")
    assert 'slug: "li-yinan-dianping"' in text and '  - "li-yinan-commentary"' in text
    assert [p for p in check_root(site).problems if p.path == rel and p.is_error] == []


def test_retracting_a_published_story_keeps_it(client, site):
    rel = "stories/commentary/li-yinan-commentary.md"
    page = client.get(f"/_jishi/edit?path={rel}").text
    answer = client.post("/_jishi/retract", headers=ORIGIN, data={
        "csrf": token(page), "digest": token(page, "digest"), "path": rel, "reason": "应当事人要求撤回"})
    assert answer.status_code == 303
    text = (site / rel).read_text(encoding="utf-8")
    assert re.search(r'\nretracted:\n  date: "\d{4}-\d\d-\d\d"\n  reason: "应当事人要求撤回"\n', text)
    assert "draft" not in text.split("---")[1]
    assert [p for p in check_root(site).problems if p.path == rel and p.is_error] == []
    assert "已撤回" in client.get("/_jishi/?q=li-yinan").text


def test_importing_the_campaign_page_gives_the_clis_drafts(site, tmp_path, jishi_main):
    source = ROOT / "sources" / "000_7b75013789eb843c.txt"
    cli_site = make_site(tmp_path / "cli", {}, with_base=False)
    bench_site = make_site(tmp_path / "bench", {}, with_base=False)
    assert jishi_main("import", str(source), "--root", str(cli_site)).returncode == 0
    client = Client(Workbench(bench_site))
    form = client.get("/_jishi/import").text
    answer = client.post("/_jishi/import", headers=ORIGIN, content_type="multipart/form-data", data={
        "csrf": token(form), "source": (io.BytesIO(source.read_bytes()), source.name)})
    assert answer.status_code == 200 and "导入完成" in answer.text and "导入报告" in answer.text

    def files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "stories").rglob("*.md")}
    assert files(bench_site) == files(cli_site) and len(files(cli_site)) > 20
    assert not (bench_site / "import-report.md").exists()
    assert "草稿" in client.get("/_jishi/?status=草稿").text


def test_publish_runs_the_publish_function_and_shows_its_lines(site):
    calls = []

    def publish(say):
        calls.append(1)
        say("网站已生成")
        return 0

    client = Client(Workbench(site, publish=publish))
    page = client.get("/_jishi/publish").text
    assert client.post("/_jishi/publish", data={"csrf": token(page)}, headers=ORIGIN).status_code == 303
    for _ in range(100):
        html = client.get("/_jishi/publish").text
        if "发布完成" in html:
            break
        import time
        time.sleep(0.05)
    assert calls == [1] and "发布完成" in html and "网站已生成" in html


def save_unchanged(client, site, paths) -> None:
    """Open each file in the form and save it as a browser sends it back: not a byte may change."""
    before = {p: p.read_bytes() for p in paths}
    for path in paths:
        rel = path.relative_to(site).as_posix()
        page = client.get(f"/_jishi/edit?path={rel}").text
        data = {"csrf": token(page), "digest": token(page, "digest"), "path": rel}
        for name, value in re.findall(r'<(?:input|textarea) id="([fi]-[a-z_0-9-]+)" name="\1"(?: value="([^"]*)")?', page):
            data[name] = unescape(value)
        for name, value in re.findall(r'<textarea id="([fi]-[a-z_0-9-]+)" name="\1"[^>]*>\n(.*?)</textarea>', page, re.S):
            data[name] = unescape(value)
        for name in re.findall(r'<input type="checkbox" id="([fi]-[a-z_0-9-]+)" name="\1" value="true" checked', page):
            data[name] = "true"
        for name, options in re.findall(r'<select id="([fi]-[a-z_0-9-]+)" name="\1"[^>]*>(.*?)</select>', page, re.S):
            chosen = re.search(r"<option selected>(.*?)</option>", options)
            data[name] = unescape(chosen[1]) if chosen else ""
        body = re.search(r'<textarea id="f-body" name="body"[^>]*>\n(.*?)</textarea>', page, re.S)
        if body:
            data["body"] = unescape(body[1]).replace("\n", "\r\n")  # as a browser sends it
        assert client.post("/_jishi/edit", data=data, headers=ORIGIN).status_code == 303, rel
    assert {p: p.read_bytes() for p in paths} == before


def test_saving_real_files_unchanged_changes_no_byte(client, site):
    # A real file of each folder (each kind's form) here; tests/build/test_workbench_build.py saves every one.
    paths = [sorted(folder.glob("*.md"))[0] for folder in sorted((site / "stories").iterdir())
             if folder.is_dir() and any(folder.glob("*.md"))]
    assert len(paths) >= 9
    save_unchanged(client, site, paths)


@pytest.mark.parametrize("url", ["/_jishi/assets/../app.py", "/_jishi/assets/%2e%2e%2fapp.py", "/_jishi/assets/app.py",
                                 "/_jishi/new?kind=../../etc", "/_jishi/page?url=../../../etc/passwd",
                                 "/_jishi/edit?path=stories/people", "/_jishi/edit?path=stories/none.md"])
def test_every_other_parameter_is_held_too(client, url):
    answer = client.get(url)
    assert answer.status_code in (200, 403, 404) and "Traceback" not in answer.text
    assert "import " not in answer.text and "root:" not in answer.text


def test_an_import_upload_named_with_dots_stays_in_its_folder(client, site):
    page = client.get("/_jishi/import").text
    for name in ("../../../evil.txt", "..\\..\\evil.docx", "evil.sh"):
        client.post("/_jishi/import", headers=ORIGIN, content_type="multipart/form-data", data={
            "csrf": token(page), "source": (io.BytesIO("第一版\n".encode()), name)})
    outside = [p for p in site.parent.rglob("evil*") if ".jishi-cache/workbench/imports" not in p.as_posix()]
    assert outside == []


def test_edit_text_rewrites_only_the_changed_keys_lines():
    from jishi.content.schema import load_schema
    from jishi.editor.workbench.saving import edit_text

    ks = load_schema().kinds["team"]
    text = ("---\r\nkind: team\r\nslug: t\r\nname: 旧名\r\n# 队员：原文写明的\r\nmembers:\r\n- a\r\n- b\r\n\r\n"
            "# period 之前的注释\r\nperiod: 两周\r\nfuture_key: 保留\r\n---\r\n正文  \r\n")
    out = edit_text(text, {"members": ["c"], "name": "新名", "enterprise": "wit"}, ks, body="正文  \n")
    assert out == ("---\r\nkind: team\r\nslug: t\r\nname: \"新名\"\r\n# 队员：原文写明的\r\nmembers:\r\n  - \"c\"\r\n\r\n"
                   "# period 之前的注释\r\nperiod: 两周\r\nfuture_key: 保留\r\nenterprise: \"wit\"\r\n---\r\n正文  \r\n")
    assert edit_text(out, {"period": None}, ks).count("period") == 1  # the comment stays, the key goes


def test_jishi_account_add_stores_a_salted_hash(tmp_path, monkeypatch, capsys):
    import getpass

    from jishi.cli import main
    from jishi.editor.workbench.accounts import read_accounts, verify

    answers = iter(["long enough", "long enough", "long enough", "typo here"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    accounts = tmp_path / "conf" / "accounts"
    assert main(["account", "add", "wang", "--accounts", str(accounts)]) == 0
    assert "已保存账号 wang" in capsys.readouterr().out
    stored = read_accounts(accounts)["wang"]
    assert stored.startswith("scrypt$") and verify("long enough", stored) and not verify("long enougH", stored)
    assert accounts.stat().st_mode & 0o077 == 0
    assert main(["account", "add", "li", "--accounts", str(accounts)]) == 2
    assert "两次输入的密码不一样" in capsys.readouterr().err and "li" not in read_accounts(accounts)


def test_a_photo_inserted_into_the_body_is_stored_and_linked(client, site):
    from PIL import ExifTags, Image

    rel = "stories/commentary/li-yinan-commentary.md"
    before = (site / rel).read_text(encoding="utf-8")
    page = client.get(f"/_jishi/edit?path={rel}").text
    body = unescape(re.search(r'<textarea id="f-body" name="body"[^>]*>\n(.*?)</textarea>', page, re.S)[1])
    answer = client.post("/_jishi/edit", headers=ORIGIN, content_type="multipart/form-data", data={
        "csrf": token(page), "digest": token(page, "digest"), "path": rel, "body": body,
        **{name: unescape(value) for name, value in re.findall(r'<input id="(f-[a-z_]+)" name="\1" value="([^"]*)"', page)},
        "insert_image": (io.BytesIO(jpeg_with_gps()), "x.jpg")})
    assert answer.status_code == 303
    after = (site / rel).read_text(encoding="utf-8")
    assert after == before.rstrip("\n") + "\n\n![TODO：图片说明](../images/li-yinan-commentary.jpg)\n"
    with Image.open(site / "docs/images/li-yinan-commentary.jpg") as img:
        assert not img.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_stories_waiting_for_a_review_step_are_shown_as_such(site):
    with open(site / "jishi.yml", "a", encoding="utf-8") as f:
        f.write("review: [初审]\n")
    html = Client(Workbench(site)).get("/_jishi/?status=待审&kind=commentary").text
    assert html.count('<span class="status') == 7 and "待审" in html and "已发布</span>" not in html


def test_the_live_preview_renders_with_the_sites_markdown_and_leaves_out_what_the_allowlist_refuses(client, site):
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("permalink: false", "permalink: true"), encoding="utf-8")
    page = client.get("/_jishi/edit?path=stories/testimonial/su-jian-xinsheng.md").text
    body = "## 小标题\n\n第一段<script>alert(1)</script>。\n"
    html = client.post("/_jishi/render", data={"csrf": token(page), "body": body}, headers=ORIGIN).text
    assert 'class="headerlink"' in html  # the site's toc option, as its pages render
    assert "<script" not in html and "第一段" in html
