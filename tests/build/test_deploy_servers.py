"""`jishi deploy` over SSH (a real sshd on 127.0.0.1) and to S3 (moto's server on 127.0.0.1).

Moved from tests/unit/test_deploy.py (the folder target's tests): these start servers.
"""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
import time

import pytest

from support import DEPLOY_SITE as SITE, assert_in_order, change_one_story, deploy, deploy_settings as settings, tree, write_site
from jishi.editor.deploy.plan import IMMUTABLE


@pytest.fixture
def site(tmp_path):
    return write_site(tmp_path / "site", SITE)


# --- rsync over SSH, against a real sshd on 127.0.0.1 ---

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sshd(tmp_path, monkeypatch):
    """An sshd on a free port of 127.0.0.1, a temporary host key, and a key it accepts; yields (port, key)."""
    d = tmp_path / "ssh"
    d.mkdir()
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d / name)], check=True)
    (d / "authorized_keys").write_text((d / "client_key.pub").read_text())
    port = _free_port()
    (d / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nAuthorizedKeysFile {d}/authorized_keys\n"
        f"PidFile {d}/sshd.pid\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nLogLevel ERROR\n")
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", exist_ok=True)  # sshd's privilege separation directory
    log = open(d / "sshd.log", "wb")
    process = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", str(d / "sshd_config")], stderr=log)
    host_key = (d / "host_key.pub").read_text().split()
    (d / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n")
    (d / "ssh_config").write_text(f"Host *\n  UserKnownHostsFile {d}/known_hosts\n  StrictHostKeyChecking yes\n"
                                  "  IdentitiesOnly yes\n  LogLevel ERROR\n")
    monkeypatch.setenv("RSYNC_RSH", f"ssh -F {d}/ssh_config")
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, (d / "sshd.log").read_text()
            time.sleep(0.1)
    yield port, d / "client_key"
    process.terminate()
    process.wait(timeout=10)
    log.close()


def test_rsync_over_ssh_end_to_end(tmp_path, site, sshd):
    port, key = sshd
    www = tmp_path / "srv" / "www"
    root = settings(tmp_path / "root", f'{{to: "{getpass.getuser()}@127.0.0.1:{www}", port: {port}, identity: "{key}"}}')
    lines = []
    first = deploy(root, site, lines)
    assert first.status == 0, lines
    assert tree(www) == tree(site)
    assert_in_order(first.writes)
    assert sorted(rel for _, rel in first.writes) == sorted(SITE)
    assert deploy(root, site).writes == []  # nothing changed: rsync wrote nothing
    change_one_story(site)
    lines = []
    assert deploy(root, site, lines, dry_run=True).plan.gone == ["assets/jishi/jishi.1a2b3c4d.css"]
    result = deploy(root, site, lines)
    assert result.writes == [("upload", "assets/jishi/jishi.99aa77bb.css"), ("replace", "stories/a/index.html"),
                             ("replace", "pagefind/pagefind-entry.json"), ("delete", "assets/jishi/jishi.1a2b3c4d.css")]
    assert tree(www) == tree(site)


def test_rsync_failure_is_a_chinese_message(tmp_path, site, sshd):
    port, _ = sshd  # no identity: the server refuses the login
    root = settings(tmp_path / "root", f'{{to: "{getpass.getuser()}@127.0.0.1:{tmp_path}/www", port: {port}}}')
    lines = []
    assert deploy(root, site, lines).status == 1
    assert lines[-1].startswith("部署中止：rsync 失败（退出码 ")


# --- S3, against moto's S3 server on 127.0.0.1 ---

@pytest.fixture
def s3(monkeypatch):
    """moto's S3 server on a free port; yields (endpoint, boto3 client) with a bucket `site`."""
    import boto3
    from moto.server import ThreadedMotoServer

    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.setenv(name, os.devnull)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket="site")
    yield endpoint, client
    server.stop()


def objects(client, prefix: str) -> dict[str, bytes]:
    found = client.list_objects_v2(Bucket="site", Prefix=prefix).get("Contents", [])
    return {o["Key"][len(prefix):]: client.get_object(Bucket="site", Key=o["Key"])["Body"].read() for o in found}


def test_s3_deploy_headers_order_and_only_changes(tmp_path, site, s3):
    endpoint, client = s3
    root = settings(tmp_path / "root", f'{{to: "s3://site/www", endpoint: "{endpoint}", region: us-east-1}}')
    first = deploy(root, site)
    assert first.status == 0
    assert objects(client, "www/") == tree(site)
    assert_in_order(first.writes)
    heads = {rel: client.head_object(Bucket="site", Key="www/" + rel) for rel in SITE}
    assert heads["assets/jishi/jishi.1a2b3c4d.css"]["CacheControl"] == IMMUTABLE
    assert heads["assets/jishi/jishi.1a2b3c4d.css"]["ContentType"] == "text/css; charset=utf-8"
    assert heads["pagefind/index/e6f9f4/0.pf_index"]["CacheControl"] == IMMUTABLE
    for rel in ("index.html", "pagefind/pagefind-entry.json", "pagefind/pagefind.js", "feed.xml", "sitemap.xml",
                "stories/a/qr.png"):
        assert heads[rel]["CacheControl"] == "no-cache", rel
    assert heads["index.html"]["ContentType"] == "text/html; charset=utf-8"
    assert heads["pagefind/pagefind.js"]["ContentType"] == "text/javascript; charset=utf-8"
    assert heads["feed.xml"]["ContentType"] == "application/atom+xml; charset=utf-8"
    assert heads["stories/a/qr.png"]["ContentType"] == "image/png"
    assert deploy(root, site).writes == []
    change_one_story(site)
    target_calls = []
    from jishi.editor.deploy import s3 as s3_module

    original = s3_module.S3Target.client

    def recording(self):  # what reaches the server, in order
        made = original.fget(self)
        if not getattr(made, "_recorded", False):
            made.meta.events.register("before-parameter-build.s3.*", lambda model, params, **_: target_calls.append(
                (model.name, params.get("Key") or [o["Key"] for o in params.get("Delete", {}).get("Objects", [])])))
            made._recorded = True
        return made

    s3_module.S3Target.client = property(recording)
    try:
        result = deploy(root, site)
    finally:
        s3_module.S3Target.client = original
    assert [c for c in target_calls if c[0] != "ListObjectsV2"] == [
        ("PutObject", "www/assets/jishi/jishi.99aa77bb.css"), ("PutObject", "www/stories/a/index.html"),
        ("PutObject", "www/pagefind/pagefind-entry.json"), ("DeleteObjects", ["www/assets/jishi/jishi.1a2b3c4d.css"])]
    assert result.status == 0 and objects(client, "www/") == tree(site)
