"""The workbench's actions beyond the form: import, retract, sign off, publish.

Import runs `jishi import` (editor.importing.run_import) on an uploaded page
text or .docx, kept under .jishi-cache/workbench/imports/; its report is
shown and kept there too (the workbench writes nothing at the site root but
jishi.yml). Retracting sets ``retracted: {date, reason}`` on a published
story (never deleting it, never making it a draft). 签发 signs the next
review step through editor.review.sign_off (see signing.py). 发布 runs the publish
function the workbench was given (`jishi publish`: check, build, deploy) in a thread and
shows its Chinese progress lines; the page refreshes itself while it runs.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from urllib.parse import urlencode
from dataclasses import dataclass, field

from werkzeug.routing import Rule
from werkzeug.utils import redirect

from jishi.editor.review import sign_off
from jishi.editor.workbench import catalog, saving, signing
from jishi.editor.workbench.safety import Refused, readable_story

__all__ = ["Actions", "Job"]

IMPORT_SUFFIXES = (".txt", ".docx")


@dataclass
class Job:
    """One 发布 run: its progress lines and, once done, its exit status."""

    lines: list = field(default_factory=list)
    status: int | None = None
    started: str = ""
    by: str = ""


class Actions:
    """Routes added to the Workbench's map; handlers are on_<endpoint>."""

    def __init__(self, bench):
        self.bench = bench
        self.job: Job | None = None
        self.lock = threading.Lock()

    def rules(self) -> list:
        prefix = "/_jishi"
        return [Rule(f"{prefix}/import", endpoint="import"), Rule(f"{prefix}/publish", endpoint="publish"),
                Rule(f"{prefix}/retract", endpoint="retract", methods=["POST"]),
                Rule(f"{prefix}/review", endpoint="review", methods=["POST"])]

    # -- import ------------------------------------------------------------------------

    def on_import(self, request, user):
        if request.method != "POST":
            return self.bench.page("import.html", request, user, title="导入原文")
        upload = request.files.get("source")
        if upload is None or not upload.filename:
            raise Refused("请先选择要导入的文件（.txt 或 .docx）。")
        name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1]
        suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        if suffix not in IMPORT_SUFFIXES:
            raise Refused("只能导入报纸版面的文字稿（.txt）或 Word 文件（.docx）。")
        safe = re.sub(r"[^\w.-]", "_", name)[-120:].lstrip(".") or f"source{suffix}"
        folder = self.bench.store.folder / "imports" / dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        folder.mkdir(parents=True)
        source = folder / safe
        source.write_bytes(upload.stream.read())
        return self.bench.page("message.html", request, user, title="导入报告", message=self._import(source, user),
                               lines=(folder / "import-report.md").read_text(encoding="utf-8").splitlines()
                               if (folder / "import-report.md").exists() else [])

    def _import(self, source, user) -> str:
        from jishi.content.problems import format_problems
        from jishi.editor.importing import run_import, source_problems  # late: only imports need them

        root = self.bench.root
        problems = source_problems(root, [source])
        if problems:
            return "无法导入：" + format_problems(problems)
        result = run_import(root, [source], report_file=source.parent / "import-report.md")
        for path in result.written:
            self.bench.store.log(user, "导入", path.relative_to(root).as_posix())
        return f"导入完成：写入 {len(result.written)} 个文件（都是草稿），已列在编辑台首页。"

    def _as_opened(self, request, changed: str) -> tuple:
        """The story the form names (path, its site-relative name, its bytes), refused with changed
        when the file is no longer what the page showed (the form's digest)."""
        path = readable_story(self.bench.root, request.form.get("path", ""))
        raw = path.read_bytes()
        if saving.digest(raw) != request.form.get("digest"):
            raise Refused(changed)
        return path, path.relative_to(self.bench.root).as_posix(), raw

    # -- retract -----------------------------------------------------------------------

    def on_retract(self, request, user):
        bench = self.bench
        path, rel, raw = self._as_opened(request, "这个文件在你打开页面之后被改动过，没有撤回；请重新打开再撤回。")
        reason = request.form.get("reason", "").strip()
        if not reason:
            raise Refused("撤回要写撤稿原因（会显示给读者），请返回填写。")
        data = saving.front_matter(raw, rel)
        ks = bench.schema().kinds.get(data.get("kind"))
        if ks is None or not ks.is_story or catalog.status_of(data) != "已发布":
            raise Refused("只有已发布的稿件可以撤回。")
        retracted = {"date": dt.date.today().isoformat(), "reason": reason}
        text = saving.edit_text(raw.decode("utf-8"), {"retracted": retracted}, ks)
        saving.write_atomic(path, text.encode("utf-8"))
        bench.store.log(user, "撤回", rel)
        return bench.saved(rel)

    # -- sign off -----------------------------------------------------------------------

    def on_review(self, request, user):
        """签发初审 …: one step, by the signed-in editor (else the 审核人 typed), on the text the form showed."""
        bench = self.bench
        path, rel, raw = self._as_opened(request, "这个文件在你打开页面之后被改动过，没有签发；请重新打开页面，看过改动后再签。")
        step = request.form.get("step", "")
        by = user or request.form.get("by", "").strip()[:60]
        if not by:
            return bench.edit_form(request, user, rel, raw, review_refused=["请填写审核人的姓名。"], http_status=422)
        result = sign_off(bench.root, [path], step, by)
        if result.refused or not result.signed:
            lines = [line.removeprefix("错误：") for line in result.refused] or ["这个文件不是稿件，不需要审核。"]
            return bench.edit_form(request, user, rel, raw, review_refused=lines, http_status=422)
        bench.store.log(user or by, f"签发{step}", rel)
        response = redirect(f"/_jishi/edit?{urlencode({'path': rel, 'signed': step})}", 303)
        if not user:
            signing.reviewer_cookie(response, by)
        return response

    # -- publish -----------------------------------------------------------------------

    def on_publish(self, request, user):
        bench = self.bench
        if request.method == "POST":
            if bench.publish is None:
                raise Refused("这个编辑台没有设置发布。")
            with self.lock:
                if self.job is None or self.job.status is not None:
                    self.job = Job(started=dt.datetime.now().strftime("%H:%M:%S"), by=user)
                    threading.Thread(target=self._run, args=(self.job,), daemon=True).start()
            return redirect("/_jishi/publish", 303)
        return bench.page("publish.html", request, user, title="发布", job=self.job)

    def _run(self, job: Job) -> None:
        try:
            job.status = self.bench.publish(job.lines.append)
        except Exception as exc:  # noqa: BLE001 - shown in Chinese on the page
            job.lines.append(f"发布出错：{exc}")
            job.status = 1
        self.bench.store.log(job.by, "发布" if job.status == 0 else "发布失败", "site/")
