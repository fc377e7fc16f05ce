"""Find an exported site's content-hashed files by their plain names (``app.js`` → ``app.1a2b3c4d.js``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def hashed_file(site: Path, plain: str) -> Path:
    """The one file of ``site`` that an export wrote for ``plain``; fails if there is none or several."""
    stem, _, suffix = plain.rpartition(".")
    pattern = re.compile(rf"{re.escape(stem)}\.[0-9a-f]{{8}}\.{re.escape(suffix)}")
    found = [p for p in site.iterdir() if pattern.fullmatch(p.name)]
    assert len(found) == 1, f"{plain}: {sorted(p.name for p in site.iterdir())}"
    return found[0]
