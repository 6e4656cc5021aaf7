"""The one error a deploy raises: its message is Chinese and shown as is."""

from __future__ import annotations

__all__ = ["DeployError"]


class DeployError(Exception):
    """A deploy that cannot go on; str(error) is what the editor reads."""
