"""An object-storage target: `deploy: {to: "s3://bucket/prefix", endpoint: …, region: …}`.

Any S3-compatible service: Aliyun OSS, Tencent COS, AWS S3, MinIO, through
boto3. Credentials come from the environment only (AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), never from the repository or
~/.aws. What is there is the bucket's listing: a single-part upload's ETag
is its MD5, compared with the file's; anything else counts as changed. Each
object gets its Cache-Control and Content-Type (jishi.editor.deploy.plan).
OSS and COS take virtual-hosted addressing only; an endpoint on an IP
address or localhost (MinIO, a test server) gets path-style addressing.
boto3's newer default checksums (CRC32, aws-chunked bodies) are asked for
only when required: OSS and COS refuse them.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

from jishi.editor.deploy.errors import DeployError
from jishi.editor.deploy.plan import cache_control, content_type, diff_digests

__all__ = ["S3Target", "split_s3_url"]

_KEYS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


def split_s3_url(url: str) -> tuple[str, str]:
    """("bucket", "prefix/") of s3://bucket/prefix; the prefix is "" or ends with "/"."""
    rest = url[len("s3://"):]
    bucket, _, prefix = rest.partition("/")
    prefix = prefix.strip("/")
    return bucket, prefix + "/" if prefix else ""


def _addressing(endpoint: str | None) -> str:
    host = urlsplit(endpoint).hostname if endpoint else ""
    if not host:
        return "virtual"
    try:
        ipaddress.ip_address(host)
        return "path"
    except ValueError:
        return "path" if host == "localhost" else "virtual"


class S3Target:
    """Deploys into a bucket under a prefix."""

    def __init__(self, url: str, endpoint: str | None = None, region: str | None = None):
        self.bucket, self.prefix = split_s3_url(url)
        self.endpoint, self.region = endpoint, region
        self._client = None

    def describe(self) -> str:
        return f"对象存储 s3://{self.bucket}/{self.prefix}"

    @property
    def client(self):
        if self._client is None:
            missing = [k for k in _KEYS if not os.environ.get(k)]
            if missing:
                raise DeployError(f"没有对象存储的密钥：请在环境变量里设置 {'、'.join(missing)}"
                                  "（密钥不要写进 jishi.yml 或任何提交到仓库的文件）")
            import boto3  # late: only this target needs it
            from botocore.config import Config

            config = Config(s3={"addressing_style": _addressing(self.endpoint)}, retries={"max_attempts": 3},
                            request_checksum_calculation="when_required",
                            response_checksum_validation="when_required")
            self._client = boto3.session.Session().client(
                "s3", endpoint_url=self.endpoint, region_name=self.region, config=config,
                aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
                aws_session_token=os.environ.get("AWS_SESSION_TOKEN") or None)
        return self._client

    def _call(self, what: str, method, **kw):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return method(**kw)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            raise DeployError(f"{what}失败：{error.get('Code', '')} {error.get('Message', '')}".rstrip()) from None
        except BotoCoreError as exc:
            raise DeployError(f"{what}失败：{exc}") from None

    def compare(self, site_dir: Path, local: dict[str, str]) -> tuple[set, set, set]:
        remote: dict[str, str | None] = {}
        token = None
        while True:
            kw = {"Bucket": self.bucket, "Prefix": self.prefix, **({"ContinuationToken": token} if token else {})}
            page = self._call("读取存储桶的文件列表", self.client.list_objects_v2, **kw)
            for item in page.get("Contents", []):
                etag = item.get("ETag", "").strip('"')
                remote[item["Key"][len(self.prefix):]] = etag if "-" not in etag else None
            token = page.get("NextContinuationToken")
            if not page.get("IsTruncated"):
                return diff_digests(local, remote)

    def put(self, site_dir: Path, rels: list[str], on_write) -> None:
        for rel in rels:
            body = (site_dir / rel).read_bytes()
            self._call(f"上传 {rel} ", self.client.put_object, Bucket=self.bucket, Key=self.prefix + rel, Body=body,
                       ContentType=content_type(rel), CacheControl=cache_control(rel))
            on_write("upload", rel)

    def delete(self, site_dir: Path, rels: list[str], on_write) -> None:
        for start in range(0, len(rels), 1000):  # the API's limit per request
            batch = rels[start:start + 1000]
            done = self._call("删除旧文件", self.client.delete_objects, Bucket=self.bucket,
                              Delete={"Objects": [{"Key": self.prefix + r} for r in batch], "Quiet": True})
            if done.get("Errors"):
                first = done["Errors"][0]
                raise DeployError(f"删除 {first.get('Key')} 失败：{first.get('Code')} {first.get('Message', '')}")
            for rel in batch:
                on_write("delete", rel)
