"""Which modules a notebook compiles with Fast Refresh (``kernel/module_options.py``)."""

from __future__ import annotations

from pathlib import Path

from nbbundle.kernel.module_options import ModuleOptions
from nbbundle.resolve.resolver import Resolver


def _notebook_with_react_refresh(root: Path) -> None:
    package = root / "node_modules" / "react-refresh"
    package.mkdir(parents=True)
    (package / "package.json").write_text('{"name": "react-refresh", "version": "0.14.0", "main": "index.js"}')
    (package / "index.js").write_text("module.exports = {};\n")
    (package / "runtime.js").write_text("exports.register = () => {};\n")


def test_fast_refresh_is_on_for_the_kinds_the_pre_pass_compiles_and_for_files_from_disk(tmp_path: Path) -> None:
    _notebook_with_react_refresh(tmp_path)
    resolver = Resolver(root=tmp_path)
    options = ModuleOptions(tmp_path)
    refreshed = {name: options.for_module(name, resolver).react_refresh
                 for name in ("app.jsx", "app.tsx", "lib/util.ts", "", "label.js", "tool.mjs", "style.css", "points.json")}
    # "" is the options for the files a cell's imports bring in, which may be JSX.
    assert refreshed == {"app.jsx": True, "app.tsx": True, "lib/util.ts": True, "": True,
                         "label.js": False, "tool.mjs": False, "style.css": False, "points.json": False}


def test_a_plain_module_does_not_look_for_react_refresh(tmp_path: Path) -> None:
    """The lookup walks up the notebook's folders on every cell run (the resolver forgets its
    lookups when a cell is defined); a module the pre-pass never sees has no use for it."""
    _notebook_with_react_refresh(tmp_path)
    looked_up: list[str] = []

    class CountingResolver(Resolver):
        def resolve(self, specifier, importer, **kwargs):  # type: ignore[no-untyped-def]
            looked_up.append(specifier)
            return super().resolve(specifier, importer, **kwargs)

    resolver = CountingResolver(root=tmp_path)
    options = ModuleOptions(tmp_path)
    options.for_module("label.js", resolver)
    options.for_module("style.css", resolver)
    assert looked_up == []
    options.for_module("app.jsx", resolver)
    assert looked_up == ["react-refresh/runtime"]
