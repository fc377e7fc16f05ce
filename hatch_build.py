"""Hatch build hook: the runtime prelude and the widget's ``_esm`` minified into the wheel.

The readable runtime stays in ``js/`` (``js`` → ``nbbundle/js``); this hook adds
``nbbundle/js/dist/prelude.min.js`` and ``nbbundle/js/dist/widget.min.js``, made by nbbundle's
own minifier (``nbbundle/compile/minify/``) from this checkout's sources when the wheel is
built. ``bundle/runtime_prelude.py`` uses them when they are there. An editable install gets
none: it runs the checkout's readable sources.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class MinifiedRuntime(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        sys.path.insert(0, self.root)  # this checkout's nbbundle, whatever else is installed
        try:
            from nbbundle.bundle import runtime_prelude as runtime

            files = {runtime.PRELUDE_MINIFIED: runtime.minified_prelude(),
                     runtime.WIDGET_MINIFIED: runtime.minified_widget_esm()}
        finally:
            sys.path.remove(self.root)
        self._folder = tempfile.TemporaryDirectory(prefix="nbbundle-minified-")
        for name, text in files.items():
            path = Path(self._folder.name) / name
            path.write_bytes(text.encode())
            build_data["force_include"][str(path)] = f"nbbundle/js/{runtime.PREBUILT}/{name}"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()
