"""Site settings: the one file `jishi.yml` at the site root, validated.

What a site says about itself beyond its stories: who runs it (主办/承办单位),
the copyright line and record numbers shown at the foot of every page (ICP
备案号, linked to the MIIT record system; 公安备案号, linked to the police
record system; 网站标识码), its accent colour, its share image, the WeChat
JS-SDK signing service of a site with an official account (off unless set),
the source line shown on stories, whether the editor's guide is published,
how many of the newest stories the feed carries, the review steps a story
needs before it is published (jishi.content.review), and where `jishi deploy`
puts the site.

The file is read by jishi's own strict loader and checked against
`settings.yaml` (JSON Schema, with a Chinese title on every key), so a wrong
value is a Chinese error with jishi.yml:line:col. Every setting defaults to
empty: a site without the file shows none of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import yaml
from jsonschema import Draft202012Validator

from jishi.content.images import ImageError, check_image
from jishi.content.loader import read_yaml_file
from jishi.content.source import LoadError, SourceFile
from jishi.content.problems import Problem
from jishi.content.schema import translate_error

__all__ = ["SiteSettings", "PoliceRecord", "WeChatShare", "load_settings", "SETTINGS_FILE", "SETTINGS_SCHEMA",
           "ICP_URL", "POLICE_URL", "FEED_ENTRIES", "DeploySettings", "MAX_DELETES"]

SETTINGS_FILE = "jishi.yml"
SETTINGS_SCHEMA = Path(__file__).parent / "settings.yaml"
ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code="


@dataclass(frozen=True)
class PoliceRecord:
    """A 公安备案号 as printed, and the code its record is looked up by."""

    number: str
    code: str

    @property
    def url(self) -> str:
        """The record's page in the police record system."""
        return POLICE_URL + self.code


MAX_DELETES = 256  # as hugo deploy: more deletions than this in one deploy need a confirmation


@dataclass(frozen=True)
class DeploySettings:
    """`deploy:` of jishi.yml: where `jishi deploy` writes (a folder, user@host:/path, s3://bucket/prefix)."""

    to: str
    endpoint: str | None = None  # S3-compatible storage's endpoint
    region: str | None = None
    port: int | None = None  # SSH port (rsync)
    identity: str | None = None  # SSH private key file (rsync)
    max_deletes: int = MAX_DELETES


@dataclass(frozen=True)
class WeChatShare:
    """A WeChat official account's JS-SDK, for share cards inside WeChat."""

    # Both on the site's own server ("/…", never "//host"): no page asks another host for anything.
    signature_url: str  # the signing service
    sdk: str  # where the site's server serves jweixin (jishi publishes no scripts)


FEED_ENTRIES = 50  # a feed is a window on the newest stories: at 10,000 stories, all of them made 45 MB


@dataclass(frozen=True)
class SiteSettings:
    """Everything jishi.yml may set; all empty unless the site sets it."""

    sponsor: str | None = None  # 主办单位
    organizer: str | None = None  # 承办单位
    copyright: str | None = None  # 版权声明
    icp: str | None = None  # ICP 备案号
    police: PoliceRecord | None = None  # 公安备案号
    site_code: str | None = None  # 网站标识码
    accent: str | None = None  # "#rrggbb"
    share_image: str | None = None  # docs/-relative path of the site's own image
    share_image_size: tuple[int, int] | None = None  # its width and height (read by jishi)
    source: str | None = None  # 原载《…》, shown on stories
    guide: bool = False  # publish the editor's guide in a published build
    feed_entries: int = FEED_ENTRIES  # the newest stories /feed.xml carries
    review: tuple[str, ...] = ()  # review steps, in order (审核步骤); empty: no review
    deploy: DeploySettings | None = None  # where `jishi deploy` writes
    wechat: WeChatShare | None = None  # nothing is fetched for WeChat unless set

    @property
    def icp_url(self) -> str:
        """Where the ICP number links to (the MIIT record system), if one is set."""
        return ICP_URL if self.icp else ""

    @property
    def has_footer(self) -> bool:
        """Whether any line of the footer is set."""
        return any((self.sponsor, self.organizer, self.copyright, self.icp, self.police, self.site_code))


@lru_cache(maxsize=1)
def _schema() -> tuple[dict, Draft202012Validator]:
    doc = yaml.safe_load(SETTINGS_SCHEMA.read_text(encoding="utf-8"))
    return doc, Draft202012Validator(doc)


def load_settings(root: Path, docs_dir: Path | None = None) -> tuple[SiteSettings, list[Problem]]:
    """The site's settings from root/jishi.yml (defaults if there is none), and every problem.

    share_image must name an image file under docs_dir (default root/docs).
    On any problem the defaults are returned with the problems.
    """
    path = Path(root) / SETTINGS_FILE
    if not path.is_file():
        return SiteSettings(), []
    try:
        data, positions = read_yaml_file(path, SETTINGS_FILE)
    except LoadError as exc:
        return SiteSettings(), [exc.problem]
    source = SourceFile(SETTINGS_FILE, data, "", 0, positions)
    problems = _validate(source)
    size = None
    if not problems and data.get("share_image"):
        size, found = _check_share_image(source, Path(docs_dir) if docs_dir else Path(root) / "docs")
        problems += found
    if problems:
        return SiteSettings(), problems
    police = data.get("police")
    if police is not None:
        code = police.get("code") or "".join(re.findall(r"[0-9]", police["number"]))
        police = PoliceRecord(number=police["number"], code=code)
    if data.get("site_code") is not None:
        data = {**data, "site_code": str(data["site_code"])}
    deploy = DeploySettings(**data["deploy"]) if data.get("deploy") else None
    wechat = WeChatShare(**data["wechat"]) if data.get("wechat") else None
    return SiteSettings(**{**data, "police": police, "share_image_size": size, "deploy": deploy, "wechat": wechat,
                           "review": tuple(data.get("review") or ())}), []


def _validate(source: SourceFile) -> list[Problem]:
    doc, validator = _schema()
    as_kind = SimpleNamespace(title="网站设置", properties=doc["properties"], one_of_required=[])
    problems = []
    for error in validator.iter_errors(source.data):
        problems.extend(translate_error(error, source, as_kind))
    return sorted(set(problems))


def _check_share_image(source: SourceFile, docs_dir: Path) -> tuple[tuple[int, int] | None, list[Problem]]:
    value = source.data["share_image"]
    line, col = source.position(("share_image",))
    try:
        return check_image(value, docs_dir), []
    except ImageError as exc:
        return None, [Problem(source.path, line, col, "share_image", exc.message, exc.hint, code="settings-image")]

