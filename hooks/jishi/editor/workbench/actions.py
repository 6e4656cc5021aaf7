"""The workbench's actions beyond the form: photos, import, rename, retract, publish."""

from __future__ import annotations

__all__ = ["Actions"]


class Actions:
    """Routes added to the Workbench's map; each handler is on_<endpoint> of the Workbench."""

    def __init__(self, bench):
        self.bench = bench

    def rules(self) -> list:
        return []
