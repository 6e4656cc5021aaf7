"""The record of photos already checked: trusted only while path, size and mtime_ns match."""

import json
import os

import pytest
from PIL import Image

from jishi import load_site

PHOTO = """---
kind: photo
slug: wang-photo
caption: 工会干部王跃初现场向工人师傅学习
alt: 王跃初在车间向工人师傅学习
image: images/wang.jpg
people: [wang-yuechu]
date: "2017"
---
"""
BROKEN = "stories/photo/p.md:6:1: image: 文件不是图片，或者图片已损坏"


@pytest.fixture
def site_with_photo(tmp_path, make_site):
    """A fixture site with one photo story and its JPEG: (site, photo)."""
    site = make_site(tmp_path / "s", {"photo/p.md": PHOTO})
    photo = site / "docs/images/wang.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (180, 40, 40)).save(photo, "JPEG")
    return site, photo


def image_problems(site):
    _, problems = load_site(site)
    return [str(p) for p in problems if p.field == "image"]


def record(site):
    return json.loads((site / ".jishi-cache/image-checks.json").read_text(encoding="utf-8"))["photos"]


def test_a_passed_photo_is_recorded_with_its_size_and_mtime(tmp_path, site_with_photo):
    site, photo = site_with_photo
    assert image_problems(site) == []
    st = photo.stat()
    assert record(site) == {str(photo.resolve()): [st.st_size, st.st_mtime_ns, 40, 30]}


def test_a_changed_photo_is_checked_again(tmp_path, site_with_photo):
    site, photo = site_with_photo
    assert image_problems(site) == []
    photo.write_bytes(b"not a photo at all")
    assert [p.split("；")[0] for p in image_problems(site)] == [BROKEN]


def test_same_size_but_new_mtime_is_checked_again(tmp_path, site_with_photo):
    site, photo = site_with_photo
    assert image_problems(site) == []
    st = photo.stat()
    photo.write_bytes(b"\0" * st.st_size)
    os.utime(photo, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert [p.split("；")[0] for p in image_problems(site)] == [BROKEN]


def test_record_is_trusted_only_while_path_size_and_mtime_match(tmp_path, site_with_photo):
    # Proves the record is used at all: same size, same mtime_ns, new bytes.
    site, photo = site_with_photo
    assert image_problems(site) == []
    st = photo.stat()
    photo.write_bytes(b"\0" * st.st_size)
    os.utime(photo, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert image_problems(site) == []


def test_broken_photo_is_reported_on_every_run(tmp_path, site_with_photo):
    site, photo = site_with_photo
    photo.write_bytes(b"<?php system($_GET['c']); ?>")
    for _ in range(2):
        assert [p.split("；")[0] for p in image_problems(site)] == [BROKEN]
    assert not (site / ".jishi-cache/image-checks.json").exists()


def test_path_checks_run_even_for_a_recorded_photo(tmp_path, site_with_photo):
    site, photo = site_with_photo
    assert image_problems(site) == []
    outside = tmp_path / "home/secret.jpg"
    outside.parent.mkdir()
    os.replace(photo, outside)
    os.symlink(outside, photo)
    assert image_problems(site)[0].startswith(
        "stories/photo/p.md:6:1: image: 图片文件 docs/images/wang.jpg 是指向 docs/ 之外的链接")


def test_a_damaged_record_or_other_rules_mean_checking_again(tmp_path, site_with_photo):
    site, photo = site_with_photo
    (site / ".jishi-cache").mkdir(exist_ok=True)
    for text in ("{not json", "[]", json.dumps({"version": "0|old", "photos": {str(photo.resolve()): [1, 1, 1, 1]}})):
        (site / ".jishi-cache/image-checks.json").write_text(text, encoding="utf-8")
        assert image_problems(site) == []
        assert record(site)[str(photo.resolve())][2:] == [40, 30]


def test_an_unwritable_cache_does_not_stop_the_check(tmp_path, site_with_photo):
    site, photo = site_with_photo
    (site / ".jishi-cache").write_text("a file where the cache directory should be")
    assert image_problems(site) == []
    photo.write_bytes(b"not a photo")
    assert [p.split("；")[0] for p in image_problems(site)] == [BROKEN]


def test_a_linked_directory_out_of_docs_is_refused_on_every_run(tmp_path, site_with_photo):
    site, photo = site_with_photo
    outside = tmp_path / "home"
    outside.mkdir()
    os.replace(photo, outside / "wang.jpg")
    os.rmdir(photo.parent)
    os.symlink(outside, photo.parent)
    for _ in range(2):
        assert image_problems(site)[0].startswith(
            "stories/photo/p.md:6:1: image: 图片文件 docs/images/wang.jpg 是指向 docs/ 之外的链接")


def test_a_link_inside_docs_is_recorded_under_the_real_file(tmp_path, site_with_photo):
    site, photo = site_with_photo
    os.replace(photo, photo.parent / "real.jpg")
    os.symlink("real.jpg", photo)
    for _ in range(2):
        assert image_problems(site) == []
    assert list(record(site)) == [str((photo.parent / "real.jpg").resolve())]
