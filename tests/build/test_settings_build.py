"""jishi.yml in a real build: settings reach every page; a wrong value stops the build."""

import re


def test_accent_colours_jishi_and_material_alike(tmp_path, built_site, make_site, mkdocs_build):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    # this repo's jishi.yml: accent "#b71c1c", its own share image in docs/assets/
    # dark enough for white header text (6.6:1): used as chosen, for the header and for links
    assert "--jishi-accent:#b71c1c;--jishi-link:#b71c1c;--jishi-solid:#b71c1c;" in home
    assert ";--md-primary-fg-color:#b71c1c;" in home
    assert '<meta property="og:image" content="https://example.org/assets/share.png">' in home
    site = make_site(tmp_path / "blue", {})
    (site / "jishi.yml").write_text('accent: "#1565c0"\n', encoding="utf-8")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "--jishi-accent:#1565c0;--jishi-link:#1565c0;--jishi-solid:#1565c0;" in home
    assert ";--md-primary-fg-color:#1565c0;" in home
    (site / "jishi.yml").write_text('accent: "#ffeb3b"\n', encoding="utf-8")  # too light for white text
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0 and "jishi.yml:1:1: 警告: accent: 主题色 #ffeb3b 太浅" in result.stderr
    assert "og:image" not in home  # no share image set: jishi ships none of its own


def test_wrong_setting_stops_build_and_check_with_file_and_line(tmp_path, jishi_cli, make_site, mkdocs_build):
    site = make_site(tmp_path / "site", {})
    (site / "jishi.yml").write_text("sponsor: 某某协会\naccent: blue\n", encoding="utf-8")
    expected = "jishi.yml:2:1: accent: 格式不对：'blue'；写成 \"#rrggbb\"（六位十六进制，加英文引号），例如 \"#1565c0\""
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0 and expected in result.stderr
    assert "Traceback" not in result.stderr
    checked = jishi_cli("check", cwd=site)
    assert checked.returncode == 1 and expected in checked.stdout


def test_footer_shows_sponsor_and_record_numbers_when_set(tmp_path, built_site, make_site, mkdocs_build):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    # this repo: 主办单位 only (its ICP number is not known, so there is no 备案 line)
    assert '<p class="jishi-footer__line"><span>主办单位：武汉市总工会</span></p>' in home
    assert "beian" not in home
    site = make_site(tmp_path / "records", {})
    (site / "jishi.yml").write_text(
        "sponsor: 某某区志愿者协会\nicp: 京ICP备12345678号-1\npolice:\n  number: 京公网安备11010502030143号\n",
        encoding="utf-8")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "kinds/case/index.html", "404.html"):
        raw = (tmp_path / "out" / page).read_text(encoding="utf-8")
        assert "<span>主办单位：某某区志愿者协会</span>" in raw, page
        assert '<a href="https://beian.miit.gov.cn/" rel="noopener">京ICP备12345678号-1</a>' in raw, page
        police = re.search(r'<a class="jishi-footer__police" href="([^"]+)" rel="noopener">(.*?)</a>', raw, re.S)
        assert police and police[1] == "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143", page
        assert police[2].startswith("<svg") and police[2].endswith("</svg>京公网安备11010502030143号"), page


def test_no_footer_lines_when_nothing_is_set(tmp_path, make_site, mkdocs_build):
    site = make_site(tmp_path / "bare", {})
    (site / "jishi.yml").write_text("# nothing set\n", encoding="utf-8")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "people/index.html", "404.html"):
        raw = (tmp_path / "out" / page).read_text(encoding="utf-8")
        assert 'class="jishi-footer' not in raw and "beian" not in raw and "主办" not in raw, page
