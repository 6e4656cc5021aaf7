"""Reader pages in a real browser: the photo lightbox, the 404 page's finder."""

import pytest
from PIL import Image


PHOTO = """---
kind: photo
slug: test-photo
caption: 工会干部测试现场向工人师傅学习
alt: 工会干部在车间里听工人师傅讲解
image: images/test-photo.png
people: [hu-jian]
date: "2017"
order: 9
---
"""


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory, make_site, mkdocs_build, serve):
    """A fixture site with one photo that has an image file."""
    tmp = tmp_path_factory.mktemp("photo")
    root = make_site(tmp / "s", {"photo/test-photo.md": PHOTO})
    (root / "docs" / "images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 600), (120, 90, 80)).save(root / "docs" / "images" / "test-photo.png")
    result = mkdocs_build(root, tmp / "out")
    assert result.returncode == 0, result.stderr
    url, server = serve(tmp / "out")
    yield url
    server.shutdown()
    server.server_close()


def test_gallery_photo_opens_larger_on_tap_and_closes(phone, photo_site):
    phone.goto(photo_site + "kinds/photo/")
    item = phone.locator("#photo-test-photo")
    assert item.locator("figcaption").inner_text() == "工会干部测试现场向工人师傅学习"
    box = phone.locator("#view-test-photo")
    assert not box.is_visible()
    item.locator("a.jishi-photo__open").tap()
    assert box.is_visible()
    big = box.locator("img")
    assert big.get_attribute("alt") == "工会干部在车间里听工人师傅讲解"
    # The stripped copy that fits the phone's width (srcset), fully loaded.
    assert big.evaluate("img => img.complete && img.naturalWidth") >= 390
    assert "images/test-photo" in big.evaluate("img => img.currentSrc")
    assert big.bounding_box()["width"] > 300  # larger than a grid thumbnail on a phone
    box.get_by_text("关闭").tap()
    assert not box.is_visible()


def test_photo_page_with_image_also_opens_larger(phone, photo_site):
    phone.goto(photo_site + "stories/test-photo/")
    phone.locator("figure.jishi-photo a.jishi-photo__open").tap()
    assert phone.locator("#view-test-photo").is_visible()


def test_404_page_filters_its_directory_as_the_reader_types(phone, site_url):
    response = phone.goto(site_url + "404.html")
    assert response.ok
    assert phone.locator("article h1").inner_text() == "找不到这个页面"
    links = phone.locator("#jishi-directory li")
    total = links.count()
    phone.get_by_label("搜索标题、人名、工作队").fill("张淞")
    visible = [t for t in phone.locator("#jishi-directory li:visible").all_inner_texts()]
    assert visible == ["张淞：心声", "张淞"] and total > 20
    phone.get_by_label("搜索标题、人名、工作队").fill("没有这个词")
    assert phone.get_by_text("没有找到，请换个词试试。").is_visible()
    phone.get_by_role("link", name="回到首页").click()
    assert phone.locator("h1").first.inner_text() == "对话“到职工中去”"


@pytest.mark.parametrize("path", [
    "", "stories/wu-qingjun-commentary/", "stories/shuzi/", "teams/wit-team/", "people/",
    "kinds/photo/", "columns/qiangji/", "enterprises/wit/", "people/dong-yongxiang/", "404.html",
])
def test_every_page_type_fits_a_phone(phone, site_url, path):
    phone.goto(site_url + path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
