"""Photos: path escapes refused, content checked, EXIF/GPS stripped, widths made and cached."""

import os

import pytest
from PIL import Image
from PIL.ExifTags import IFD, Base

from jishi import load_site
from jishi.content.images import ImageError, check_image, publish_image

PHOTO = """---
kind: photo
slug: {slug}
caption: 工会干部王跃初现场向工人师傅学习
alt: 王跃初在车间向工人师傅学习
image: {image}
people: [wang-yuechu]
date: "2017"
{extra}---
"""


def gps_jpeg(path, size=(2000, 1500)):
    """A JPEG carrying GPS coordinates, a camera name, a comment and XMP."""
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[Base.Make] = "SECRETCAMERA"
    exif[IFD.GPSInfo] = {1: "N", 2: (30.0, 35.0, 12.5), 3: "E", 4: (114.0, 17.0, 5.0)}
    Image.new("RGB", size, (180, 40, 40)).save(
        path, exif=exif, comment=b"SECRETCOMMENT",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SECRETXMP</x:xmpmeta>')
    raw = path.read_bytes()
    assert b"SECRETCAMERA" in raw and b"SECRETXMP" in raw
    with Image.open(path) as img:
        assert img.getexif().get_ifd(IFD.GPSInfo)
    return path


@pytest.fixture
def photo_site(tmp_path, make_site):
    """photo_site(image=…, extra=…, **stories): a fixture site with one photo story."""
    def make(image="images/wang.jpg", extra="", **stories):
        return make_site(tmp_path / "s", {"photo/p.md": PHOTO.format(slug="wang-photo", image=image, extra=extra),
                                          **stories})
    return make


def test_gps_and_exif_are_stripped_from_every_published_copy(tmp_path, mkdocs_build, photo_site):
    site = photo_site()
    gps_jpeg(site / "docs/images/wang.jpg")
    gps_jpeg(site / "docs/images/unlisted.jpg", (300, 200))  # in docs/, used by no story
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    published = sorted(p.name for p in (out / "images").iterdir())
    assert published == ["unlisted.jpg", "wang-480w.jpg", "wang-960w.jpg", "wang.jpg"]
    for name in published:
        raw = (out / "images" / name).read_bytes()
        with Image.open(out / "images" / name) as img:
            assert not img.getexif(), name
        assert b"SECRET" not in raw and b"Exif" not in raw, name
    with Image.open(out / "images/wang.jpg") as img:
        assert img.size == (1600, 1200)
    page = (out / "stories/wang-photo/index.html").read_text(encoding="utf-8")
    assert ('srcset="../../images/wang-480w.jpg 480w, ../../images/wang-960w.jpg 960w, '
            '../../images/wang.jpg 1600w"') in page
    assert 'width="1600" height="1200"' in page


def test_unchanged_photos_are_not_processed_again(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    gps_jpeg(docs / "images/a.jpg", (3000, 2000))
    cache = tmp_path / "cache"
    opened = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda *a, **kw: opened.append(a) or real_open(*a, **kw))
    first = publish_image("images/a.jpg", docs, cache)
    assert opened, "the first time, the photo is decoded"
    stamps = {p: p.stat().st_mtime_ns for p in first.files.values()}
    opened.clear()
    again = publish_image("images/a.jpg", docs, cache)
    assert again.files == first.files
    assert {p: p.stat().st_mtime_ns for p in again.files.values()} == stamps
    assert opened == []  # found in the cache: no image decoded, resized or encoded again


@pytest.mark.parametrize("image, expected", [
    ("../../etc/passwd.jpg", "图片路径不能用 .. 跳出 docs/ 目录"),
    ("images/../../secret.jpg", "图片路径不能用 .. 跳出 docs/ 目录"),
    ("/etc/hosts.jpg", "图片路径不能是绝对路径"),
    ("images/missing.jpg", "找不到图片文件 docs/images/missing.jpg"),
])
def test_image_paths_must_stay_inside_docs(tmp_path, image, expected, photo_site):
    site = photo_site(image=image)
    _, problems = load_site(site)
    assert [str(p) for p in problems] == [f"stories/photo/p.md:6:1: image: {expected}；" + problems[0].hint]


def test_symlink_out_of_docs_is_refused(tmp_path, mkdocs_build, photo_site):
    outside = gps_jpeg(tmp_path / "home/secret.jpg", (100, 100))
    site = photo_site()
    (site / "docs/images").mkdir(parents=True)
    os.symlink(outside, site / "docs/images/wang.jpg")
    _, problems = load_site(site)
    assert str(problems[0]).startswith(
        "stories/photo/p.md:6:1: image: 图片文件 docs/images/wang.jpg 是指向 docs/ 之外的链接")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0 and "是指向 docs/ 之外的链接" in result.stderr
    assert "Traceback" not in result.stderr


def test_content_decides_the_type_not_the_name(tmp_path):
    docs = tmp_path / "docs"
    (docs / "images").mkdir(parents=True)
    (docs / "images/fake.jpg").write_text("<?php system($_GET['c']); ?>")
    Image.new("RGB", (10, 10)).save(docs / "images/png.jpg", "PNG")
    Image.new("RGB", (10, 10)).save(docs / "images/pic.gif", "GIF")
    (docs / "images/pic.gif").rename(docs / "images/gif.png")
    with pytest.raises(ImageError, match="文件不是图片，或者图片已损坏"):
        check_image("images/fake.jpg", docs)
    with pytest.raises(ImageError, match=r"docs/images/png.jpg 的扩展名是 .jpg，内容却是 PNG 图片"):
        check_image("images/png.jpg", docs)
    with pytest.raises(ImageError, match=r"不是允许的图片格式（实际是 GIF）"):
        check_image("images/gif.png", docs)


def test_oversized_image_file_is_refused(tmp_path):
    docs = tmp_path / "docs"
    (docs / "images").mkdir(parents=True)
    with open(docs / "images/big.jpg", "wb") as f:
        f.truncate(21 * 1024 * 1024)
    with pytest.raises(ImageError, match=r"图片文件过大（21.0 MB，上限 20 MB）"):
        check_image("images/big.jpg", docs)


def test_image_of_a_draft_is_not_published(tmp_path, mkdocs_build, photo_site):
    site = photo_site(extra="draft: true\n")
    gps_jpeg(site / "docs/images/wang.jpg", (200, 100))
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out/images").exists()
    assert not (tmp_path / "out/stories/wang-photo").exists()


def test_a_fake_image_anywhere_in_docs_stops_the_build(tmp_path, make_site, mkdocs_build, jishi_cli):
    site = make_site(tmp_path / "s", {})
    (site / "docs/images").mkdir(parents=True)
    (site / "docs/images/logo.png").write_bytes(b"<?php system($_GET['c']); ?>")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0
    # docs/ is checked with the stories, so `jishi check` says the same before any build.
    expected = "docs/images/logo.png: 文件不是图片，或者图片已损坏；请重新导出为 JPEG 或 PNG"
    assert expected in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    check = jishi_cli("check", "--root", str(site))
    assert check.returncode == 1 and expected in check.stdout.splitlines()
