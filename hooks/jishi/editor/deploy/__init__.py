"""`jishi deploy`: the built site/ onto the web server or object storage of jishi.yml's `deploy:`.

Targets, one module each: `folder` (a directory: a mounted web root),
`rsync` (user@host:/path, rsync over SSH), `s3` (s3://bucket/prefix:
Aliyun OSS, Tencent COS, AWS S3, MinIO). `plan` says what is written, in
which order and with which headers; this module runs a plan on a target:
only changed files, assets before the pages that name them, entry files
after, deletions last, more than `max_deletes` deletions only when
confirmed, a dry run that lists everything in Chinese.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from jishi.content.settings import DeploySettings, load_settings
from jishi.editor.deploy.errors import DeployError
from jishi.editor.deploy.plan import DeployPlan, plan_deploy, scan_site

__all__ = ["DeployError", "DeployResult", "deploy_site", "make_target", "default_domain_warning"]

_SSH = re.compile(r"(?:[^@/\s]+@)?[A-Za-z0-9][A-Za-z0-9.-]*:.*")
_DEFAULT_DOMAINS = (".aliyuncs.com", ".myqcloud.com")


@dataclass
class DeployResult:
    """What a deploy wrote, in the order written: (action, path) with action upload/replace/delete."""

    plan: DeployPlan | None = None
    writes: list = field(default_factory=list)
    status: int = 0


def make_target(deploy: DeploySettings, root: Path):
    """The target `to` names; DeployError for options that do not fit it."""
    to = deploy.to
    if to.startswith("s3://"):
        from jishi.editor.deploy.s3 import S3Target, split_s3_url

        if not split_s3_url(to)[0]:
            raise DeployError(f"jishi.yml 的 deploy.to 没有写存储桶名：{to}；请写成 s3://桶名/前缀")
        _refuse(deploy, ("port", "identity"), "对象存储")
        return S3Target(to, deploy.endpoint, deploy.region)
    _refuse(deploy, ("endpoint", "region"), "服务器或目录")
    if _SSH.fullmatch(to) and not to.startswith(("/", ".", "~")):
        from jishi.editor.deploy.rsync import RsyncTarget

        return RsyncTarget(to, deploy.port, deploy.identity)
    _refuse(deploy, ("port", "identity"), "目录")
    from jishi.editor.deploy.folder import FolderTarget

    path = Path(to).expanduser()
    return FolderTarget(path if path.is_absolute() else Path(root) / path)


def _refuse(deploy: DeploySettings, names, what: str) -> None:
    given = [n for n in names if getattr(deploy, n) is not None]
    if given:
        raise DeployError(f"jishi.yml 的 deploy 里 {'、'.join(given)} 只用于别的部署方式，部署到{what}时用不上；请删掉")


def default_domain_warning(site_url: str) -> str:
    """The warning for a site_url on OSS's or COS's default domain, or ""."""
    host = (urlsplit(site_url or "").hostname or "").lower()
    if not host.endswith(_DEFAULT_DOMAINS):
        return ""
    return (f"警告：site_url 用的是对象存储的默认域名（{host}）。阿里云 OSS（2018 年起）和腾讯云 COS（2024 年 1 月 1 日以后"
            "创建的存储桶）在默认域名上会强制下载网页而不显示，读者打不开；请给存储桶绑定已经 ICP 备案的自定义域名，"
            "并把 mkdocs.yml 的 site_url 改成它，再 jishi build。")


def deploy_site(root: Path, site_dir: Path, *, dry_run: bool = False, yes: bool = False,
                site_url: str = "", say=print, confirm=None) -> DeployResult:
    """Deploy root's built site_dir to jishi.yml's target; every message through say (Chinese)."""
    result = DeployResult(status=1)
    try:
        target, deploy = _target(root)
        if not (site_dir / "index.html").is_file():
            raise DeployError(f"还没有生成网站（{site_dir} 里没有 index.html）；请先运行 jishi build")
        warning = default_domain_warning(site_url)
        if warning:
            say(warning)
        say(f"比较 {site_dir} 和{target.describe()}……")
        local = scan_site(site_dir)
        result.plan = plan = plan_deploy(*target.compare(site_dir, local))
        if dry_run:
            _describe(plan, say)
            result.status = 0
            return result
        if len(plan.gone) > deploy.max_deletes and not yes and not (confirm and confirm(len(plan.gone))):
            raise DeployError(f"这次要删除 {len(plan.gone)} 个文件，超过上限 {deploy.max_deletes} 个（jishi.yml 的 "
                              "deploy.max_deletes）；先用 jishi deploy --dry-run 看清要删除哪些，确认无误后加 --yes 再运行")
        _run(plan, target, site_dir, result, say)
    except DeployError as exc:
        say(f"部署中止：{exc}")
        if result.writes:
            say(f"已写入 {len(result.writes)} 个文件；页面只引用已经上传的文件，旧文件还没有删除，读者看到的网站是完整的。"
                "改好后再运行一次 jishi deploy，只会补上没写完的部分。")
        return result
    result.status = 0
    return result


def _target(root: Path):
    settings, problems = load_settings(root)
    if problems:
        raise DeployError("jishi.yml 有错误：\n" + "\n".join(str(p) for p in problems))
    if settings.deploy is None:
        raise DeployError("jishi.yml 没有设置部署位置（deploy）；例如 deploy: {to: /srv/www}、"
                          "deploy: {to: \"user@host:/srv/www\"} 或 deploy: {to: \"s3://桶名/前缀\", endpoint: …, region: …}")
    return make_target(settings.deploy, root), settings.deploy


def _describe(plan: DeployPlan, say) -> None:
    """The dry run: every file that would be uploaded, replaced or deleted, in Chinese."""
    if plan.empty:
        say("没有改动：不会上传、替换或删除任何文件。")
        return
    for title, rels in (("将上传（新文件）", sorted(plan.new)), ("将替换（内容有改动）", sorted(plan.changed)),
                        ("将删除（网站里已经没有）", plan.gone)):
        say(f"{title}：{len(rels)} 个")
        for rel in rels:
            say(f"  {rel}")
    say("（试运行，没有写入任何文件；去掉 --dry-run 才真正部署。）")


def _run(plan: DeployPlan, target, site_dir: Path, result: DeployResult, say) -> None:
    if plan.empty:
        say("没有改动：网站已经是最新的，没有写入任何文件。")
        return

    def wrote(_action, rel):
        result.writes.append(("upload" if rel in plan.new else "replace", rel))

    names = ["图片、样式、脚本和搜索索引", "页面", "搜索入口、订阅和网站地图"]
    for name, rels in zip(names, plan.groups()):
        if rels:
            say(f"上传{name}：{len(rels)} 个……")
            target.put(site_dir, rels, wrote)
    if plan.gone:
        say(f"删除旧文件：{len(plan.gone)} 个……")
        target.delete(site_dir, plan.gone, lambda _a, rel: result.writes.append(("delete", rel)))
    say(f"部署完成：新上传 {len(plan.new)} 个，替换 {len(plan.changed)} 个，删除 {len(plan.gone)} 个文件。")
