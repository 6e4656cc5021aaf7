"""jishi.yml: the site's settings, validated with Chinese errors at jishi.yml:line:col."""

from pathlib import Path

from PIL import Image

from jishi.content.settings import ICP_URL, PoliceRecord, SiteSettings, WeChatShare, load_settings


def write(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "jishi.yml").write_text(text, encoding="utf-8")
    return root


def messages(root: Path) -> list[str]:
    settings, problems = load_settings(root)
    assert settings == SiteSettings()  # on any problem: the defaults, never half a file
    return [str(p) for p in problems]


def test_no_file_means_every_setting_empty(tmp_path):
    settings, problems = load_settings(tmp_path)
    assert problems == [] and settings == SiteSettings()
    assert (settings.sponsor, settings.icp, settings.police, settings.accent, settings.share_image,
            settings.source, settings.guide) == (None, None, None, None, None, None, False)
    assert not settings.has_footer and settings.icp_url == ""


def test_every_setting_read(tmp_path):
    docs = tmp_path / "docs" / "assets"
    docs.mkdir(parents=True)
    Image.new("RGB", (600, 400), "navy").save(docs / "share.png")
    root = write(tmp_path, "\n".join([
        "sponsor: 某某区志愿者协会", "organizer: 某某街道办事处", "copyright: © 2024 某某区志愿者协会",
        "icp: 京ICP备12345678号-1", "police:", "  number: 京公网安备11010502030143号",
        "site_code: 1100000001", 'accent: "#1565C0"', "share_image: assets/share.png",
        "source: 原载《某某日报》", "guide: true", ""]))
    settings, problems = load_settings(root)
    assert problems == []
    assert settings.sponsor == "某某区志愿者协会" and settings.organizer == "某某街道办事处"
    assert settings.icp == "京ICP备12345678号-1" and settings.icp_url == ICP_URL == "https://beian.miit.gov.cn/"
    assert settings.police == PoliceRecord("京公网安备11010502030143号", "11010502030143")
    assert settings.police.url == "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"
    assert settings.accent == "#1565C0" and settings.share_image_size == (600, 400)
    assert settings.source == "原载《某某日报》" and settings.guide is True and settings.has_footer


def test_bad_colour_is_a_chinese_error_with_its_line(tmp_path):
    root = write(tmp_path, "sponsor: 某某协会\naccent: red\n")
    assert messages(root) == [
        "jishi.yml:2:1: accent: 格式不对：'red'；写成 \"#rrggbb\"（六位十六进制，加英文引号），例如 \"#1565c0\""]


def test_unknown_key_suggests_the_nearest(tmp_path):
    root = write(tmp_path, "sponser: 某某协会\n")
    assert messages(root) == ["jishi.yml:1:1: sponser: 未知字段（网站设置没有这个字段）；你是不是想写 'sponsor'？"]


def test_share_image_must_be_the_sites_own_file(tmp_path):
    root = write(tmp_path, "# 分享图\nshare_image: assets/share.png\n")
    assert messages(root) == [
        "jishi.yml:2:1: share_image: 找不到图片文件 docs/assets/share.png；请确认文件已放进 docs/ 下，且大小写一致"]


def test_police_code_must_be_digits_and_yaml_errors_keep_the_files_lines(tmp_path):
    root = write(tmp_path, "police:\n  number: 京公网安备1号\n  code: 一二三\n")
    assert messages(root) == ["jishi.yml:3:3: police.code: 格式不对：'一二三'；只写数字，例如 11010502030143"]
    root = write(tmp_path / "b", "sponsor: 某某协会\nicp 京ICP备1号\nguide: true\n")
    [message] = messages(root)
    assert message.startswith("jishi.yml:3:") and "YAML 语法错误" in message


def test_empty_or_commented_file_is_all_defaults(tmp_path):
    assert load_settings(write(tmp_path, "# 还没有设置\n")) == (SiteSettings(), [])


def test_feed_entries_default_and_set(tmp_path):
    assert SiteSettings().feed_entries == 50
    settings, problems = load_settings(write(tmp_path, "feed_entries: 200\n"))
    assert problems == [] and settings.feed_entries == 200


def test_feed_entries_must_be_a_positive_whole_number(tmp_path):
    for value in ("0", "-3", "2.5", "很多"):
        root = write(tmp_path / value, f"sponsor: 某某协会\nfeed_entries: {value}\n")
        (message,) = messages(root)
        assert message.startswith("jishi.yml:2:1: feed_entries: ") and message.endswith("；写一个正整数，例如 50"), message


def test_wechat_share_is_off_unless_set(tmp_path):
    assert load_settings(tmp_path)[0].wechat is None
    root = write(tmp_path, "wechat:\n  signature_url: /api/wechat-signature\n  sdk: /static/jweixin-1.6.0.js\n")
    settings, problems = load_settings(root)
    assert problems == [] and settings.wechat == WeChatShare("/api/wechat-signature", "/static/jweixin-1.6.0.js")


def test_wechat_share_errors_in_chinese(tmp_path):
    root = write(tmp_path / "a", "wechat:\n  signature_url: http://gzh.example.org/sign\n  sdk: /static/jweixin.js\n")
    assert messages(root) == [
        "jishi.yml:2:3: wechat.signature_url: 格式不对：'http://gzh.example.org/sign'；"
        "以 / 开头，放在本站服务器上，例如 /api/wechat-signature"]
    for sdk in ("assets/jweixin.js", "https://res.wx.qq.com/a.js", "//res.wx.qq.com/a.js"):
        root = write(tmp_path / "b", f"wechat:\n  signature_url: /sign\n  sdk: {sdk}\n")
        assert messages(root) == [f"jishi.yml:3:3: wechat.sdk: 格式不对：'{sdk}'；"
                                  "以 / 开头，放在本站服务器上，例如 /static/jweixin-1.6.0.js"]
    root = write(tmp_path / "c", "wechat:\n  sdk: /static/jweixin.js\n")
    assert messages(root) == ["jishi.yml:1:1: wechat.signature_url: 必填字段缺失"]
