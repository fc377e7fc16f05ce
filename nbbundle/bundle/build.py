"""``build``: an entry file on disk → one self-contained classic script.

The script runs in a browser ``<script>`` and with ``node OUT.js``: the runtime prelude, the
initial resource, the async resources wrapped so that they register only when an ``import()``
needs them, the manifest, and ``require(entry)``. It is not strict at the top level, because
CommonJS modules inside it are not; ES module init functions say ``"use strict"`` themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nbbundle._version import __version__
from nbbundle.bundle.link import link
from nbbundle.bundle.resources import ACQUIRE, ResourcePlan, plan_resources
from nbbundle.bundle.runtime_prelude import runtime_prelude
from nbbundle.bundle.scan import scan

if TYPE_CHECKING:
    from pathlib import Path

    from nbbundle.compile.errors import Diagnostic

# The URL modules see as import.meta.url's base: the script's own address in a browser, its
# file URL under node, nothing where neither is known.
_SCRIPT_URL = (
    'typeof document !== "undefined" && document.currentScript ? document.currentScript.src'
    ' : typeof __filename === "string" ? require("url").pathToFileURL(__filename).href : undefined'
)


@dataclass
class BuildResult:
    code: str
    entry_id: str
    module_count: int
    plan: ResourcePlan
    warnings: list[Diagnostic] = field(default_factory=list)


def build(entry: Path, *, root: Path | None = None) -> BuildResult:
    """Bundle ``entry`` and everything it imports. Raises ``NbbundleError`` on any error."""
    scanned = scan(entry, root=root, parallel=True)
    modules = list(scanned.graph)
    linked = link(scanned.graph, modules, entries=[scanned.entry], warnings=scanned.warnings)
    plan = plan_resources(scanned.graph, scanned.entry, linked)
    parts = [f"// Built by nbbundle {__version__} from {scanned.entry.id}", "(function () {",
             f"var url = {_SCRIPT_URL};", runtime_prelude()]
    async_parts = []
    for resource in plan.resources:
        if resource.kind != "script":
            continue  # CSS travels inside its module's init function in a single-file build
        if resource.type == "initial":
            parts.append(resource.code)
        else:
            async_parts.append(f"ms.loader.provide({json.dumps(resource.name)}, function () {{\n{resource.code}\n}});")
    parts.append(f"var ms = {ACQUIRE};")
    parts.extend(async_parts)
    parts.append(f"ms.loader.addManifest({json.dumps(plan.manifest, sort_keys=True)});")
    parts.append(f"ms.require({json.dumps(scanned.entry.id)});")
    parts.append("})();\n")
    return BuildResult("\n".join(parts), scanned.entry.id, len(modules), plan, scanned.warnings)
