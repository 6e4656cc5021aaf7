"""Review steps bound to the text: what a sign-off covers, and whether it still holds.

A site that sets `review: [初审, 复审, 终审]` in jishi.yml publishes a story
only when every step has signed it off (`jishi review`, which writes one
`reviews:` entry per step into the front matter) and nothing changed since.
Each entry carries a digest of what was reviewed: every front-matter field
but `reviews` and `draft` (so a draft reviewed and then published keeps its
sign-offs; a retraction is a change), plus the body, as canonical JSON
(sorted keys) hashed with SHA-256. It also carries eight hex digits per
field (`fields`, the body under `body`), only to name what changed; the full
digest is what is checked, so an entry typed by hand with a made-up digest
is refused like a stale one. Drafts are not checked: they are reviewed
while still drafts. Cost: one JSON dump and hash per story, only when the
site asks for review.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from jishi.content.problems import Problem

__all__ = ["REVIEWS", "BODY", "REVIEW_CODES", "content_digest", "field_digests", "ReviewState", "review_state",
           "review_problems", "pending_reviews", "may_sign", "review_entry", "changed_labels"]

REVIEWS = "reviews"
UNHASHED = frozenset({REVIEWS, "draft"})
BODY = "body"  # the body's key in an entry's `fields`
REVIEW_CODES = frozenset({"review-missing", "review-stale", "review-step-unknown"})


def _canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _reviewed(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in UNHASHED}


def content_digest(data: dict, body: str) -> str:
    """SHA-256 of what a reviewer signs: the front matter but reviews and draft, and the body."""
    return hashlib.sha256(_canonical({"front_matter": _reviewed(data), "body": body})).hexdigest()


def field_digests(data: dict, body: str) -> dict[str, str]:
    """Eight hex digits per reviewed field and for the body: to name what changed, not to check."""
    out = {k: hashlib.sha256(_canonical(v)).hexdigest()[:8] for k, v in sorted(_reviewed(data).items())}
    out[BODY] = hashlib.sha256(body.encode("utf-8")).hexdigest()[:8]
    return out


def review_entry(step: str, by: str, date: str, data: dict, body: str) -> dict:
    """The `reviews:` entry a sign-off writes."""
    return {"step": step, "by": by, "date": date, "digest": content_digest(data, body),
            "fields": field_digests(data, body)}


@dataclass(frozen=True)
class ReviewState:
    """Where one story stands against the site's steps (in their order)."""

    signed: tuple[str, ...]  # steps signed off on the text as it is now
    missing: tuple[str, ...]  # steps with no entry
    stale: tuple[str, ...]  # steps whose entry's digest is not the text's
    changed: tuple[str, ...]  # fields changed since the last stale entry ("" if it cannot tell: forged)
    unknown: tuple[tuple[int, str], ...]  # entries (index, step) naming no step of the site

    @property
    def complete(self) -> bool:
        return not self.missing and not self.stale

    @property
    def next_step(self) -> str:
        """The first step to sign (again)."""
        return (self.missing + self.stale)[0] if not self.complete else ""


def _entries(data: dict) -> list[tuple[int, dict]]:
    value = data.get(REVIEWS)
    if not isinstance(value, list):
        return []
    return [(i, e) for i, e in enumerate(value) if isinstance(e, dict) and isinstance(e.get("step"), str)]


def review_state(data: dict, body: str, steps) -> ReviewState:
    """How the file's sign-offs stand against steps; a later entry for a step replaces an earlier one."""
    by_step = {e["step"]: e for _, e in _entries(data)}
    digest = content_digest(data, body)
    signed, missing, stale = [], [], []
    for step in steps:
        entry = by_step.get(step)
        if entry is None:
            missing.append(step)
        elif entry.get("digest") == digest:
            signed.append(step)
        else:
            stale.append(step)
    changed: tuple[str, ...] = ()
    if stale:
        changed = tuple(changed_fields(by_step[stale[-1]].get("fields"), field_digests(data, body)))
    unknown = tuple((i, e["step"]) for i, e in _entries(data) if e["step"] not in steps)
    return ReviewState(tuple(signed), tuple(missing), tuple(stale), changed, unknown)


def changed_fields(recorded, current: dict[str, str]) -> list[str]:
    """Fields whose digest differs from the recorded one (added and removed too), body first."""
    if not isinstance(recorded, dict):
        return []
    names = sorted(set(recorded) | set(current), key=lambda k: (k != BODY, k))
    return [k for k in names if recorded.get(k) != current.get(k)]


def changed_labels(changed) -> str:
    """正文、title: what an editor reads."""
    return "、".join("正文" if name == BODY else name for name in changed)


def may_sign(state: ReviewState, step: str, steps) -> str:
    """"" when step may be signed now, else the earlier step that must be signed first."""
    for earlier in steps[:list(steps).index(step)]:
        if earlier not in state.signed:
            return earlier
    return ""


def review_problems(stories, steps) -> list[Problem]:
    """Every published-to-be story (not a draft) lacking a step or changed since it was signed."""
    steps = tuple(steps)
    if not steps:
        return []
    out = []
    for story in stories:
        if story.data.get("draft") is True:
            continue
        state = review_state(story.data, story.body, steps)
        out.extend(_unknown_steps(story, state, steps))
        if not state.complete:
            out.append(_state_problem(story, state, steps))
    return out


def _state_problem(story, state: ReviewState, steps) -> Problem:
    line, col = story.source.position((REVIEWS,)) if REVIEWS in story.data else (1, 1)
    command = f"jishi review {story.path} --step {state.next_step} --by 姓名"
    if state.stale:
        last = state.stale[-1]
        if state.changed:
            message = f"{last}之后改过，需要重新审核（改动的字段：{changed_labels(state.changed)}）"
        else:
            message = f"{last}的审核记录与内容不符（摘要不对，不是 jishi review 写的或已被改动），需要重新审核"
        hint = f"请从{state.next_step}起重新审核：{command}"
        code = "review-stale"
    else:
        message = f"还没有审核完（缺少：{'、'.join(state.missing)}），不能发布"
        hint = f"请运行 {command}；还在修改的稿件请写 draft: true"
        code = "review-missing"
    return Problem(story.path, line, col, REVIEWS, message, hint, code=code)


def _unknown_steps(story, state: ReviewState, steps) -> list[Problem]:
    out = []
    for i, step in state.unknown:
        line, col = story.source.position((REVIEWS, i, "step"))
        out.append(Problem(story.path, line, col, f"{REVIEWS}.{i}.step", f"审核步骤 '{step}' 不在 jishi.yml 的 review 里",
                           f"本站的审核步骤：{'、'.join(steps)}；不再用的步骤请删掉这一条", code="review-step-unknown"))
    return out


def pending_reviews(stories, steps) -> int:
    """How many stories (drafts too) still wait for a step: 待审 N 篇."""
    steps = tuple(steps)
    if not steps:
        return 0
    return sum(not review_state(s.data, s.body, steps).complete for s in stories)
