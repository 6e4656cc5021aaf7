"""The site's mkdocs.yml as the `jishi` command reads it (outside MkDocs).

Read leniently, once, in one way: MkDocs' own tags (``!!python/name:``,
``!ENV``) become None instead of failing, and a missing or broken file is an
empty config, so every command still runs and MkDocs itself reports the file.
"""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["read_site_config"]


class _Lenient(yaml.SafeLoader):
    """SafeLoader that reads any tagged value as None."""


_Lenient.add_multi_constructor("", lambda loader, tag, node: None)


def read_site_config(root: Path) -> dict:
    """root/mkdocs.yml as a dict ({} when missing or unreadable)."""
    path = Path(root) / "mkdocs.yml"
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), _Lenient)
    except (OSError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}
