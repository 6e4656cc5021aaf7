"""The workbench's WSGI application (Werkzeug for routing and request parsing, Jinja2 for pages).

Everything lives under PREFIX (``/_jishi/``): an underscore begins no slug
and no page jishi plans, so no site URL can collide with it. Every POST must
come from this very host (Origin, else Referer) and carry the CSRF token;
under ``jishi serve --host`` every request but the sign-in page needs a
signed-in editor. Errors are pages in Chinese, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import traceback
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.utils import redirect, send_from_directory
from werkzeug.wrappers import Request, Response

from jishi.content.images import ImageError, store_upload
from jishi.content.lint import PLACEHOLDER
from jishi.content.problems import Problem
from jishi.content.site_schema import load_site_schema
from jishi.editor.scaffold import has_body, known_entities, label_field, scaffold, scan_files, slugify
from jishi.editor.workbench import accounts, catalog, forms, saving, signing
from jishi.editor.workbench.preview import render_body
from jishi.editor.workbench.safety import Guard, Refused, readable_story, same_origin, writable_path
from jishi.site.check import site_config, site_markdown

__all__ = ["Workbench", "PREFIX", "MAX_UPLOAD"]

PREFIX = "/_jishi"
MAX_UPLOAD = 20 * 1024 * 1024  # the image pipeline's limit
HERE = Path(__file__).parent
_MESSAGES = {400: "请求不完整或格式不对。", 403: "没有权限。", 404: "找不到这个页面。", 405: "不支持这种请求方式。",
             413: "上传的文件太大（最大 20 MB）。"}


@functools.cache
def _templates() -> Environment:
    """The workbench's templates, compiled once per process (they are the package's, the same for every site)."""
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals["path_label"] = forms.PATH_LABEL
    return env


class Workbench:
    """The 编辑台 of the site at root. accounts: the accounts file when editors must sign in."""

    def __init__(self, root: Path, *, accounts_file: Path | None = None, preview_base: str = "/",
                 publish=None, secret: bytes | None = None):
        self.root = Path(root).resolve()
        self.accounts_file = accounts_file
        self.preview_base = preview_base.rstrip("/") + "/"
        self.publish = publish  # () -> (ok, Chinese lines); `jishi build` until `jishi publish` lands
        self.guard = Guard(secret)
        self.store = saving.Store(self.root)
        self.env = _templates()
        self.urls = Map([Rule(f"{PREFIX}/", endpoint="home"), Rule(f"{PREFIX}/new", endpoint="new"),
                         Rule(f"{PREFIX}/edit", endpoint="edit"), Rule(f"{PREFIX}/page", endpoint="page"),
                         Rule(f"{PREFIX}/render", endpoint="render", methods=["POST"]),
                         Rule(f"{PREFIX}/slug", endpoint="slug"),
                         Rule(f"{PREFIX}/login", endpoint="login"),
                         Rule(f"{PREFIX}/logout", endpoint="logout", methods=["POST"]),
                         Rule(f"{PREFIX}/assets/<name>", endpoint="asset"), Rule(PREFIX, endpoint="to_home")],
                        strict_slashes=False)
        from jishi.editor.workbench import actions  # the photo, import, rename, retract and publish routes
        self.actions = actions.Actions(self)
        for rule in self.actions.rules():
            self.urls.add(rule)

    # -- the WSGI entry ----------------------------------------------------------------

    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = MAX_UPLOAD + 1024 * 1024
        request.max_form_memory_size = 2 * 1024 * 1024
        try:
            response = self.dispatch(request)
        except HTTPException as exc:
            response = self.error(request, exc.code or 500)
        except Refused as exc:
            response = self.error(request, 403, str(exc))
        except Exception:  # noqa: BLE001 - an editor sees a page in Chinese, the developer the log
            self.store.folder.mkdir(parents=True, exist_ok=True)
            with open(self.store.folder / "errors.log", "a", encoding="utf-8") as out:
                out.write(f"{dt.datetime.now().isoformat()}\n{traceback.format_exc()}\n")
            response = self.error(request, 500, "编辑台出错了，刚才的操作可能没有完成；请返回重试。"
                                  "错误已记在 .jishi-cache/workbench/errors.log。")
        finally:
            request.close()  # uploaded files' temporary files
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        try:
            endpoint, args = self.urls.bind_to_environ(request.environ).match()
        except HTTPException as exc:
            if getattr(exc, "new_url", None):  # a redirect to the slashed URL
                return redirect(exc.new_url, 308)
            raise
        if endpoint == "asset":
            return self.asset(request, args["name"])
        user = self.user(request)
        if user is None and endpoint != "login":
            return redirect(f"{PREFIX}/login", 303)
        if request.method == "POST":
            self.check_post(request, user or "")
        handler = getattr(self, f"on_{endpoint}", None) or getattr(self.actions, f"on_{endpoint}")
        return handler(request, user or "", **args)

    def user(self, request: Request) -> str | None:
        """The signed-in editor; '' when signing in is not needed; None when it is and nobody is."""
        if self.accounts_file is None:
            return ""
        name = self.guard.unsign(request.cookies.get("jishi_session"))
        return name if name and name in accounts.read_accounts(self.accounts_file) else None

    def signed_in(self, environ) -> bool:
        return self.user(Request(environ)) is not None

    def check_post(self, request: Request, user: str) -> None:
        if not same_origin(request.host, request.headers.get("Origin"), request.headers.get("Referer")):
            raise Refused("请求不是从本编辑台发出的，已拒绝。")
        token = request.form.get("csrf") or request.headers.get("X-Jishi-CSRF")
        if not self.guard.token_ok(user, token):
            raise Refused("表单已过期或不是从本编辑台发出的，请重新打开页面再试。")

    def page(self, template: str, request: Request, user: str, http_status: int = 200, **context) -> Response:
        html = self.env.get_template(template).render(
            prefix=PREFIX, csrf=self.guard.token(user), user=user, signing_in=self.accounts_file is not None,
            preview_base=self.preview_base, **context)
        response = Response(html, status=http_status, content_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = ("default-src 'self'; img-src 'self' data:; "
                                                       "frame-ancestors 'self'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        return response

    def error(self, request: Request, code: int, message: str = "") -> Response:
        user = ""
        try:
            user = self.user(request) or ""
        except Exception:  # noqa: BLE001 - the error page never fails
            pass
        return self.page("message.html", request, user, http_status=code, title="出错了",
                         message=message or _MESSAGES.get(code, "请求没有完成。"))

    def asset(self, request: Request, name: str) -> Response:
        if name not in {"workbench.css", "workbench.js"}:
            raise NotFound()
        return send_from_directory(HERE / "assets", name, request.environ)

    def schema(self):
        schema, problems = load_site_schema(self.root)
        if schema is None:
            raise Refused("网站的 schema/ 文件夹有错误，请先运行 jishi check 查看并修正。")
        return schema

    # -- pages --------------------------------------------------------------------------

    def on_to_home(self, request, user):
        return redirect(f"{PREFIX}/", 308)

    def on_home(self, request, user):
        schema = self.schema()
        entries, other = catalog.catalog(self.root, schema)
        q, kind, column, status = (request.args.get(k, "").strip() for k in ("q", "kind", "column", "status"))
        shown = [e for e in entries
                 if (not q or q.lower() in e.name.lower() or q.lower() in e.slug.lower())
                 and (not kind or e.kind == kind) and (not column or e.column == column)
                 and (not status or e.status == status)]
        groups = [(k, schema.labels[k], [e for e in shown if e.kind == k]) for k in schema.kinds]
        groups.append(("", "无法读取的文件", [e for e in shown if e.kind not in schema.kinds]))
        columns = [(e.slug, e.name) for e in entries if e.kind == "column"]
        return self.page("home.html", request, user, title="编辑台", groups=[g for g in groups if g[2]],
                         labels=schema.labels, columns=columns, statuses=catalog.STATUSES, other=other,
                         q=q, kind=kind, column=column, status=status, total=len(entries), shown=len(shown))

    def on_new(self, request, user):
        schema = self.schema()
        kind = request.values.get("kind", "")
        if kind not in schema.kinds:
            stories = [(k, schema.labels[k]) for k in schema.story_kinds]
            entities = [(k, schema.labels[k]) for k in schema.entity_kinds]
            return self.page("kinds.html", request, user, title="新建稿件", stories=stories, entities=entities)
        ks = schema.kinds[kind]
        known = known_entities(self.root)
        if request.method == "POST":
            return self.create(request, user, ks, schema, known)
        data = {"date": dt.date.today().isoformat()} if ks.is_story else {}
        data.update({k: v for k, v in request.args.items() if k in ks.properties and k not in forms.HIDDEN})
        return self.form(request, user, ks, forms.form_fields(ks, data, known), body="", new=True)

    def create(self, request, user, ks, schema, known):
        values = forms.read_form(ks, request.form, known)
        body = request.form.get("body")
        given = {k: v for k, v in values.items() if v is not None}
        stem = given.get("slug") or slugify(str(given.get(label_field(ks.kind)) or ""), ks.kind) or ks.kind
        image, refused = self.take_upload(request, ks, stem)
        if image:
            given[forms.image_field(ks)] = image
        field = forms.image_field(ks) or "image"
        body, body_refused = self.body_image(request, ks, stem, body)
        if refused is None and body_refused is not None:
            refused, field = body_refused, "body"
        made = scaffold(ks.kind, schema, self.root, given)
        path = writable_path(self.root, made.path.relative_to(self.root).as_posix(), ("stories",))
        if path.exists():
            raise Refused("这个文件已经存在，请换一个网址名。")
        saving.write_atomic(path, saving.new_body(made.text, body).encode("utf-8"))
        rel = path.relative_to(self.root).as_posix()
        self.store.log(user, "新建", rel)
        note = {"renamed": given["slug"]} if given.get("slug") and given["slug"] != made.slug else {}
        return self.saved(rel, refused, field, **note)

    def body_image(self, request, ks, stem: str, body):
        """The body with a photo chosen under 插入图片 added as its last line (alt text left to the editor)."""
        image, refused = self.take_upload(request, ks, stem, "insert_image")
        if image:
            body = (body or "").replace("\r\n", "\n").rstrip("\n") + f"\n\n![{PLACEHOLDER}：图片说明](../{image})\n"
        return body, refused

    def saved(self, rel: str, refused=None, field: str = "image", **more) -> Response:
        """Back to the form, which shows the file's problems (and an upload refused, with its reason)."""
        query = {"path": rel, "saved": "1", **more}
        if refused is not None:
            query.update(upload_error=refused.message, upload_hint=refused.hint, upload_field=field)
        return redirect(f"{PREFIX}/edit?{urlencode(query)}", 303)

    def take_upload(self, request, ks, stem: str, name: str = "upload"):
        """(path under docs/, None) for a photo stored, (None, ImageError) for one refused, (None, None)."""
        upload = request.files.get(name)
        if upload is None or not upload.filename or (name == "upload" and forms.image_field(ks) is None):
            return None, None
        data = upload.stream.read(MAX_UPLOAD + 1)
        try:
            return store_upload(data, writable_path(self.root, "docs"), re.sub(r"[^a-z0-9-]", "", stem) or "photo"), None
        except ImageError as exc:
            return None, exc

    def on_edit(self, request, user):
        rel = request.values.get("path", "")
        path = readable_story(self.root, rel)
        rel = path.relative_to(self.root).as_posix()
        if not path.is_file():
            raise NotFound()
        if request.method == "POST":
            return self.save(request, user, path, rel)
        raw = path.read_bytes()
        notice = "已保存。" if request.args.get("saved") else ""
        if request.args.get("renamed"):
            notice += f"网址名 {request.args['renamed']} 已被占用，新稿件用了文件名里的网址名。"
        if request.args.get("signed"):
            notice = f"已签发{request.args['signed'][:20]}。"
        refused = None
        if request.args.get("upload_error"):
            refused = Problem(rel, field=request.args.get("upload_field", "image")[:40], message=request.args["upload_error"][:300],
                              hint=request.args.get("upload_hint", "")[:300])
        return self.edit_form(request, user, rel, raw, notice=notice, refused=refused)

    def edit_form(self, request, user, rel, raw: bytes, values=None, body=None, refused=None, **extra):
        schema = self.schema()
        data = saving.front_matter(raw, rel)
        ks = schema.kinds.get(data.get("kind"))
        problems = catalog.problems_by_file(self.root)[0].get(rel, []) + ([refused] if refused else [])
        key = self.store.remember(raw)
        text = raw.decode("utf-8", errors="replace")
        if ks is None:  # unreadable front matter: the whole file in one box, saved as typed
            return self.page("raw.html", request, user, title=rel, rel=rel, text=text, digest=key,
                             problems=problems, **extra)
        known = known_entities(self.root)
        if ks.is_story:  # the sign-off buttons, where jishi.yml asks for review
            extra.update(review=signing.review_view(self.root, raw, rel), reviewer=signing.reviewer_from(request.cookies))
        fields = forms.form_fields(ks, {**data, **(values or {})}, known)
        return self.form(request, user, ks, fields, body=saving.split_body(text)[2] if body is None else body,
                         rel=rel, digest=key, problems=problems, data=data, **extra)

    def form(self, request, user, ks, fields, body, new=False, problems=(), **extra):
        names = {f.name for f in fields}
        for f in fields:
            f.problems = [p for p in problems if catalog.field_of(p) == f.name]
        general = [p for p in problems if catalog.field_of(p) not in names | {"body"}]
        extra["body_problems"] = [p for p in problems if catalog.field_of(p) == "body"]
        urls = catalog.url_of(extra.get("data") or {})
        return self.page("form.html", request, user, title=("新建" if new else "编辑") + ks.title, ks=ks,
                         fields=fields, body=body, new=new, general=general, body_label=forms.BODY_LABEL,
                         with_body=has_body(ks.kind) or bool(body.strip()), page_url=urls[0] if urls else "", label_field=label_field(ks.kind),
                         **extra)

    def save(self, request, user, path: Path, rel: str):
        raw = path.read_bytes()
        sent = request.form.get("digest", "")
        base_raw = self.store.opened(sent) or raw
        if "text" in request.form and "body" not in request.form:  # the whole-file box
            return self.save_raw(request, user, path, rel, raw, sent)
        schema = self.schema()
        base = saving.front_matter(base_raw, rel)
        ks = schema.kinds.get(base.get("kind"))
        if ks is None:
            raise Refused("这个文件的类型无法识别，请刷新页面后再编辑。")
        known = known_entities(self.root)
        changes = saving.edited(forms.read_form(ks, request.form, known), base)
        stem = str(base.get("slug") or path.stem)
        image, refused = self.take_upload(request, ks, stem)
        if image:
            changes[forms.image_field(ks)] = image
        field = forms.image_field(ks) or "image"
        body, body_refused = self.body_image(request, ks, stem, request.form.get("body"))
        if refused is None and body_refused is not None:
            refused, field = body_refused, "body"
        base_text = base_raw.decode("utf-8", errors="replace")
        mine = saving.edit_text(base_text, changes, ks, body)
        if saving.digest(raw) != sent:
            return self.conflict(request, user, rel, raw, mine, changes, body, base_text)
        text = saving.edit_text(raw.decode("utf-8", errors="replace"), self.rename(changes, base), ks, body)
        if text.encode("utf-8") != raw:
            saving.write_atomic(path, text.encode("utf-8"))
            self.store.log(user, "修改", rel)
        return self.saved(rel, refused, field)

    @staticmethod
    def rename(changes: dict, base: dict) -> dict:
        """A published entry's old slug goes to aliases, so its old address keeps working."""
        old = base.get("slug")
        if "slug" in changes and isinstance(old, str) and changes["slug"] and catalog.status_of(base) != "草稿":
            aliases = list(base.get("aliases") or [])
            if old not in aliases:
                changes = {**changes, "aliases": aliases + [old]}
        return changes

    def conflict(self, request, user, rel, raw, mine: str, changes: dict, body, base_text: str):
        kept = self.store.keep(rel, mine.encode("utf-8"))
        self.store.log(user, "保存冲突（另存）", rel)
        body_changed = body is not None and body.replace("\r\n", "\n") != saving.split_body(base_text)[2].replace("\r\n", "\n")
        return self.edit_form(request, user, rel, raw, values=changes, body=body if body_changed else None,
                              conflict={"disk": raw.decode("utf-8", errors="replace"), "mine": mine,
                                        "kept": kept.relative_to(self.root).as_posix()})

    def save_raw(self, request, user, path, rel, raw, sent):
        text = request.form.get("text", "").replace("\r\n", "\n")
        if saving.digest(raw) != sent:
            kept = self.store.keep(rel, text.encode("utf-8"))
            return self.page("raw.html", request, user, title=rel, rel=rel, text=text, digest=self.store.remember(raw),
                             problems=[], conflict={"disk": raw.decode("utf-8", errors="replace"), "mine": text,
                                                    "kept": kept.relative_to(self.root).as_posix()})
        saving.write_atomic(path, text.encode("utf-8"))
        self.store.log(user, "修改", rel)
        return self.saved(rel)

    def on_page(self, request, user):
        """编辑本页: the form of the file a preview page came from."""
        url = "/" + request.args.get("url", "").strip("/") + "/"
        for path, data in scan_files(self.root):
            if url in catalog.url_of(data):
                return redirect(f"{PREFIX}/edit?path={path.relative_to(self.root).as_posix()}", 303)
        return self.page("message.html", request, user, title="编辑本页",
                         message="这一页由网站程序根据稿件自动生成（例如首页和列表页），没有单独的稿件文件；"
                                 "请在编辑台首页找到要改的稿件。")

    def on_render(self, request, user):
        html = render_body(request.form.get("body", ""), site_markdown(site_config(self.root)))
        return Response(html, content_type="text/html; charset=utf-8")

    def on_slug(self, request, user):
        kind = request.args.get("kind", "")
        text = request.args.get("title", "")[:200]
        return Response(json.dumps({"slug": slugify(text, kind) if text else ""}), content_type="application/json")

    def on_login(self, request, user):
        if self.accounts_file is None:
            return redirect(f"{PREFIX}/", 303)
        error = ""
        if request.method == "POST":
            name, password = request.form.get("name", ""), request.form.get("password", "")
            stored = accounts.read_accounts(self.accounts_file).get(name)
            if stored and accounts.verify(password, stored):
                response = redirect(f"{PREFIX}/", 303)
                response.set_cookie("jishi_session", self.guard.sign(name), httponly=True, samesite="Strict",
                                    path="/")
                return response
            error = "用户名或密码不对。"
        return self.page("login.html", request, "", title="登录", error=error, http_status=401 if error else 200)

    def on_logout(self, request, user):
        response = redirect(f"{PREFIX}/login", 303)
        response.delete_cookie("jishi_session", path="/")
        return response
