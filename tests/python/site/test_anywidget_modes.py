"""``nbbundle.export_anywidget`` in a kernel: production by default, development on request."""

from __future__ import annotations

from typing import TYPE_CHECKING

import nbbundle
from nbbundle.kernel import api

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

LIB = "export const used = 'USED_VALUE';\nexport function unused() { return 'UNUSED_VALUE'; }\n"
APP = ("import { used } from './lib.js';\n// A COMMENT only a development build keeps\n"
       "export function render({ el }) { el.textContent = used; }\n")


def test_export_anywidget_builds_either_mode_from_the_kernels_cells(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    api.environment.cache_clear()
    try:
        nbbundle.define("lib.js", LIB)
        nbbundle.define("app.js", APP)
        nbbundle.export_anywidget("app.js", "development", mode="development")
        nbbundle.export_anywidget("app.js", "production")
        nbbundle.export_anywidget("app.js", "readable", minify=False)
    finally:
        api.environment.cache_clear()
    development = (tmp_path / "development" / "widget.js").read_text()
    production = (tmp_path / "production" / "widget.js").read_text()
    readable = (tmp_path / "readable" / "widget.js").read_text()
    assert "(development, for anywidget's _esm)" in development
    assert "UNUSED_VALUE" in development and "A COMMENT" in development  # neither shaken nor minified
    assert "(production, for anywidget's _esm)" in production
    assert "USED_VALUE" in production
    assert "UNUSED_VALUE" not in production and "A COMMENT" not in production
    assert "UNUSED_VALUE" not in readable and "A COMMENT" in readable  # shaken, not minified
    assert len(production) < len(readable) < len(development)
