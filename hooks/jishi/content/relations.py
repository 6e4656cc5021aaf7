"""Reading paths between stories: previous/next and related stories.

Computed once per build from the Site's indexes, in time linear in the number
of stories: a story's related stories are drawn only from a small window of
its neighbours in each group it belongs to (its column, team, enterprise),
never by comparing every story with every other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Relations", "build_relations", "RELATED_MAX", "WINDOW"]

RELATED_MAX = 3
# How many neighbours on each side of a story, in each of its groups, are
# considered as related: enough to fill RELATED_MAX after removing the
# previous and next stories, small enough to keep the build linear.
WINDOW = 4


@dataclass
class Relations:
    """Per story slug: the previous and next story in its sequence, and related stories."""

    previous: dict = field(default_factory=dict)
    next: dict = field(default_factory=dict)
    related: dict = field(default_factory=dict)
    # Per story slug: the (label, entry) of the sequence previous/next walk in.
    sequence: dict = field(default_factory=dict)


def _sequences(site) -> list[tuple[str, object, list]]:
    """The reading sequences: each column in printed order; kinds for column-less stories."""
    sequences = [("column", site.columns.get(slug), stories) for slug, stories in site.by_column.items()]
    for kind, stories in site.by_kind.items():
        loose = [s for s in stories if s.column is None]
        if loose:
            sequences.append(("kind", kind, sorted(loose, key=lambda s: (s.order, s.slug))))
    return sequences


def _groups(site) -> list[tuple[tuple, list]]:
    """Every group a story can share with another: column, team, enterprise."""
    groups = []
    for name, index in (("column", site.by_column), ("team", site.by_team),
                        ("enterprise", site.by_enterprise)):
        groups.extend(((name, slug), stories) for slug, stories in index.items())
    return groups


def build_relations(site) -> Relations:
    """Previous/next within each sequence, and up to RELATED_MAX related stories each."""
    rel = Relations()
    for label, owner, stories in _sequences(site):
        for i, story in enumerate(stories):
            rel.sequence[story.slug] = (label, owner)
            if i > 0:
                rel.previous[story.slug] = stories[i - 1]
            if i + 1 < len(stories):
                rel.next[story.slug] = stories[i + 1]
    groups = _groups(site)
    member_of: dict = {}
    for key, stories in groups:
        for i, story in enumerate(stories):
            member_of.setdefault(story.slug, []).append((key, stories, i))
    keys_of = {slug: {key for key, _, _ in ms} for slug, ms in member_of.items()}
    for story in site.stories:
        rel.related[story.slug] = _related(story, member_of, keys_of, rel)
    return rel


def _related(story, member_of: dict, keys_of: dict, rel: Relations) -> list:
    """The best few stories sharing a group with story, most groups shared first."""
    memberships = member_of.get(story.slug, [])
    own_keys = keys_of.get(story.slug, set())
    skip = {story.slug}
    for neighbour in (rel.previous.get(story.slug), rel.next.get(story.slug)):
        if neighbour is not None:
            skip.add(neighbour.slug)
    best: dict = {}
    for _, stories, pos in memberships:
        for j in range(max(0, pos - WINDOW), min(len(stories), pos + WINDOW + 1)):
            other = stories[j]
            if other.slug in skip:
                continue
            shared = len(own_keys & keys_of[other.slug])
            rank = (-shared, abs(j - pos), other.sort_key)
            if other.slug not in best or rank < best[other.slug][0]:
                best[other.slug] = (rank, other)
    ranked = sorted(best.values(), key=lambda pair: pair[0])
    return [other for _, other in ranked[:RELATED_MAX]]
