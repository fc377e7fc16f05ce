"""An ES module bundle: the runtime, the resources and the entry's exports as its own.

``build --format esm`` and the anywidget export write it: ``import`` it from a page or from
another bundler, or give it to an ``anywidget.AnyWidget`` as ``_esm``. Unlike the classic
script, the bundle keeps its module system in a variable of its own (installed under a name
made from its content, the global acquisition name restored at once), so two bundles on one
page (two widgets, a widget beside nbbundle's live view) never share module ids. Being an ES
module it is strict mode code, CommonJS modules included, as esbuild's ESM output is.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from nbbundle.bundle.runtime_prelude import minified_prelude, runtime_prelude
from nbbundle.compile.transform import sha1_hex

if TYPE_CHECKING:
    from nbbundle.bundle.graph import ModuleNode
    from nbbundle.bundle.link import LinkedModule
    from nbbundle.bundle.resources import Resource, ResourcePlan

#: How the bundle's resources find its module system (``plan_resources(acquire=…)``).
OWN_SYSTEM = "__nbb_ms__"


def esm_script(plan: ResourcePlan, entry: ModuleNode, linked: LinkedModule, header: str, *,
               minified: bool = False) -> str:
    """The whole ES module: ``plan``'s scripts (its CSS travels as its modules' init functions
    render it), then the entry run and its exports exported (``minified``: the runtime too)."""
    parts = [header, "var url = import.meta.url;", *_own_module_system(plan, minified)]
    parts.extend(r.code for r in plan.resources if r.kind == "script" and r.type == "initial")
    parts.extend(async_provider(r) for r in plan.resources if r.kind == "script" and r.type == "async")
    parts.append(f"ms.loader.addManifest({json.dumps(plan.manifest, sort_keys=True)});")
    parts.extend(_entry_exports(entry, linked))
    return "\n".join(parts) + "\n"


def async_provider(resource: Resource) -> str:
    """An async resource inside the bundle: registered only when an ``import()`` needs it."""
    return f"ms.loader.provide({json.dumps(resource.name)}, function () {{\n{resource.code}\n}});"


def _own_module_system(plan: ResourcePlan, minified: bool) -> list[str]:
    """The runtime, installed under a name of this bundle's own (the global name restored)."""
    digest = sha1_hex("".join(r.code for r in plan.resources).encode())[:12]
    name = json.dumps(f"__nbbundle_{digest}__")
    return [
        "var __nbb_name__ = globalThis.__farm_module_system_acquisition_name__;",
        f"globalThis.__farm_module_system_acquisition_name__ = {name};",
        minified_prelude() if minified else runtime_prelude(),
        f"var {OWN_SYSTEM} = globalThis[{name}](), ms = {OWN_SYSTEM};",
        "if (__nbb_name__ === undefined) delete globalThis.__farm_module_system_acquisition_name__;",
        "else globalThis.__farm_module_system_acquisition_name__ = __nbb_name__;",
    ]


def _entry_exports(entry: ModuleNode, linked: LinkedModule) -> list[str]:
    """Run the entry, then export its exports: their values once it has run (``await`` when it
    waits for top-level await). A CommonJS entry exports ``module.exports`` as the default and
    the names Node's lexer finds, as Node's ``import`` of it would."""
    # An entry that waits (top-level await, its own or a dependency's) is imported: the
    # bundle's own top-level await then waits for it, as an importer of the entry would.
    run = "await ms.import" if linked.is_async or linked.has_tla else "ms.require"
    lines = [f"var __nbb_entry__ = {run}({json.dumps(entry.id)});"]
    commonjs = entry.transform_result is not None and entry.transform_result.kind == "cjs"
    names = sorted({"default", *linked.cjs_names}) if commonjs else sorted(linked.getters)
    for index, name in enumerate(names):
        local = f"__nbb_export_{index}__"
        exported = name if name.isidentifier() else json.dumps(name)  # ES2022 string names otherwise
        lines.append(f"var {local} = __nbb_entry__[{json.dumps(name)}];")
        lines.append(f"export {{ {local} as {exported} }};")
    return lines
