"""Sign-off buttons on a story's form (签发初审 …): jishi.yml's review steps, one per row.

The state shown is jishi.content.review's (signed on the text as it is now,
signed before a later change, not signed); the button is for the first step
in order not signed on this text. Signing goes through editor.review.sign_off,
the function `jishi review` runs, so its refusals (a step out of order, an
unknown step, a file with errors) come back in its own Chinese words and
nothing is written. Drafts are signed too: they are reviewed while still drafts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from jishi.content.loader import LoadError, parse_source
from jishi.content.review import REVIEWS, changed_labels, review_state
from jishi.content.settings import load_settings

__all__ = ["ReviewView", "review_view", "REVIEWER_COOKIE", "reviewer_from", "reviewer_cookie"]

REVIEWER_COOKIE = "jishi_reviewer"


@dataclass
class ReviewView:
    """What the form shows: one Chinese line per step, and the step its button signs ("" when all are)."""

    rows: list
    next_step: str
    changed: str = ""  # the fields changed since the last stale sign-off, as an editor reads them


def review_view(root: Path, raw: bytes, rel: str) -> ReviewView | None:
    """The review section of a story's form; None where the site asks for no review or the file cannot be read."""
    settings, problems = load_settings(root)
    steps = tuple(settings.review or ()) if not problems else ()
    if not steps:
        return None
    try:
        source = parse_source(raw, rel)
    except LoadError:
        return None
    state = review_state(source.data, source.body, steps)
    entries = {e["step"]: e for e in source.data.get(REVIEWS) or []
               if isinstance(e, dict) and isinstance(e.get("step"), str)}
    rows = []
    for step in steps:
        entry = entries.get(step, {})
        who = f"{step} {entry.get('by', '')} {entry.get('date', '')}".strip()
        if step in state.signed:
            rows.append(f"已签：{who}")
        elif step in state.stale:
            rows.append(f"签后改过：{who}（需要重新审核）")
        else:
            rows.append(f"待签：{step}")
    next_step = next((s for s in steps if s not in state.signed), "")
    return ReviewView(rows, next_step, changed_labels(state.changed))


def reviewer_from(cookies) -> str:
    """The 审核人 typed last time on this machine (without sign-in)."""
    return unquote(cookies.get(REVIEWER_COOKIE, ""))[:60]


def reviewer_cookie(response, name: str) -> None:
    response.set_cookie(REVIEWER_COOKIE, quote(name), max_age=365 * 24 * 3600, httponly=True,
                        samesite="Strict", path="/")
