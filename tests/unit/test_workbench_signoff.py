"""Sign-off buttons in the 编辑台 (签发初审 …) through Werkzeug's test client."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
from html import unescape

import pytest
from werkzeug.test import Client

from jishi.editor.workbench.accounts import add_account
from jishi.editor.workbench.app import Workbench
from support import ROOT, make_site
from test_workbench import ORIGIN, save, token

REL = "stories/commentary/li-shuyong-commentary.md"


@pytest.fixture
def site(tmp_path):
    root = make_site(tmp_path / "site", {})
    shutil.copytree(ROOT / "stories", root / "stories", dirs_exist_ok=True)
    with open(root / "jishi.yml", "a", encoding="utf-8") as f:
        f.write("review: [初审, 复审]\n")
    return root


@pytest.fixture
def client(site):
    return Client(Workbench(site))


def steps(html: str) -> list[str]:
    block = re.search(r'<ul class="review-steps">(.*?)</ul>', html, re.S)
    return [unescape(li) for li in re.findall(r"<li>(.*?)</li>", block[1], re.S)] if block else []


def refused(html: str) -> list[str]:
    block = re.search(r'<form method="post" action="/_jishi/review".*?</form>', html, re.S)[0]
    found = re.search(r'<ul class="problems" role="alert">(.*?)</ul>', block, re.S)
    return [unescape(li) for li in re.findall(r"<li>(.*?)</li>", found[1], re.S)] if found else []


def sign(client, rel: str = REL, headers=ORIGIN, **fields):
    page = client.get(f"/_jishi/edit?path={rel}").text
    data = {"csrf": token(page), "digest": token(page, "digest"), "path": rel, "by": "王芳",
            "step": re.search(r'name="step" value="([^"]*)"', page)[1]}
    data.update(fields)
    return client.post("/_jishi/review", data=data, headers=headers)


def test_the_form_shows_each_step_and_a_button_for_the_next(client):
    html = client.get(f"/_jishi/edit?path={REL}").text
    assert steps(html) == ["待签：初审", "待签：复审"]
    assert "<button type=\"submit\">签发初审</button>" in html and "签发复审</button>" not in html
    assert re.search(r'<label for="r-by">审核人</label><input id="r-by" name="by" required', html)


def test_signing_writes_only_the_reviews_lines_and_shows_the_new_state(client, site):
    path = site / REL
    before = path.read_text(encoding="utf-8").splitlines()
    answer = sign(client)
    assert answer.status_code == 303
    after = path.read_text(encoding="utf-8").splitlines()
    diff = [d for d in difflib.ndiff(before, after) if d[:2] in ("- ", "+ ")]
    assert not [d for d in diff if d.startswith("- ")]
    added = [d[2:] for d in diff]
    assert added[0] == "reviews:" and added[1] == "  - step: \"初审\"" and added[2] == "    by: \"王芳\""
    assert all(line.startswith("    ") for line in added[3:])
    html = client.get(answer.headers["Location"]).text
    today = dt.date.today().isoformat()
    assert "已签发初审。" in html and steps(html) == [f"已签：初审 王芳 {today}", "待签：复审"]
    assert "签发复审</button>" in html and 'value="王芳"' in html  # the 审核人 remembered
    log = (site / ".jishi-cache/workbench/changes.log").read_text(encoding="utf-8")
    assert f"\t王芳\t签发初审\t{REL}\n" in log


def test_a_step_out_of_order_is_refused_with_the_review_commands_message(client, site):
    before = (site / REL).read_bytes()
    answer = sign(client, step="复审")
    assert answer.status_code == 422
    assert refused(answer.text) == [f"{REL}: 不能签复审：初审还没有签（或签后稿件改过）；"
                                    f"请先运行 jishi review {REL} --step 初审 --by 姓名"]
    assert sign(client, step="终审").status_code == 422
    assert (site / REL).read_bytes() == before


def test_a_file_with_errors_is_refused(client, site):
    path = site / REL
    path.write_text(path.read_text(encoding="utf-8").replace('date: "2017"', "date: 2017-02-30"), encoding="utf-8")
    before = path.read_bytes()
    answer = sign(client)
    assert answer.status_code == 422 and refused(answer.text)[0] == f"{REL}: 这篇稿件还有错误，改好之后才能审核："
    assert path.read_bytes() == before


@pytest.mark.parametrize("headers, with_token", [(ORIGIN, False), ({"Origin": "http://evil.example"}, True)])
def test_sign_offs_without_token_or_from_elsewhere_are_refused(client, site, headers, with_token):
    before = (site / REL).read_bytes()
    answer = sign(client, headers=headers, **({} if with_token else {"csrf": ""}))
    assert answer.status_code == 403 and (site / REL).read_bytes() == before


def test_an_edit_after_signing_shows_the_sign_offs_are_stale(client, site):
    assert sign(client).status_code == 303
    assert sign(client).status_code == 303  # 复审
    html = client.get(f"/_jishi/edit?path={REL}").text
    assert "各级审核都已签发。" in html
    saved = save(client, REL, body="改过的正文。\n")
    html = client.get(saved.headers["Location"]).text
    general = re.search(r'<ul class="problems general" role="alert">(.*?)</ul>', html, re.S)[1]
    assert "reviews: 复审之后改过，需要重新审核（改动的字段：正文）" in unescape(general)
    assert steps(html)[0].startswith("签后改过：初审 王芳") and "签发初审</button>" in html


def test_a_draft_is_signed_too_and_a_signed_in_editor_signs_by_account(site, tmp_path):
    path = site / REL
    path.write_text(path.read_text(encoding="utf-8").replace("order: 1\n", "order: 1\ndraft: true\n"), encoding="utf-8")
    accounts = tmp_path / "accounts"
    add_account(accounts, "wang", "correct horse")
    client = Client(Workbench(site, accounts_file=accounts))
    login = client.get("/_jishi/login").text
    client.post("/_jishi/login", data={"csrf": token(login), "name": "wang", "password": "correct horse"}, headers=ORIGIN)
    html = client.get(f"/_jishi/edit?path={REL}").text
    assert 'id="r-by"' not in html and "以 wang 的名义签发。" in html
    assert sign(client, by="冒名").status_code == 303
    assert "    by: \"wang\"\n" in path.read_text(encoding="utf-8")
