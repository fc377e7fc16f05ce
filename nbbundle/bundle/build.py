"""``build``: an entry file on disk → one self-contained classic script.

The script runs in a browser ``<script>`` and with ``node OUT.js``: the runtime prelude, the
initial resource, the async resources wrapped so that they register only when an ``import()``
needs them, the manifest, and ``require(entry)``. It is not strict at the top level, because
CommonJS modules inside it are not; ES module init functions say ``"use strict"`` themselves.

:func:`write_bundle` writes it to the ``-o`` path, refusing any path the build read: a module
(``build main.js -o main.js`` would replace the source with its own bundle) or a ``package.json``
(``-o package.json`` would replace the project's, ``-o node_modules/dep/package.json`` would
break the next build).
"""

from __future__ import annotations

import base64
import functools
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from nbbundle._version import __version__
from nbbundle.bundle.output import OutputError, ensure_folder, which_is, write_error
from nbbundle.compile.pack_files import write_pieces
from nbbundle.resolve.filesystem import DiskFileSystem, read_text_file

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from nbbundle.bundle.graph import ModuleGraph, ModuleNode
    from nbbundle.bundle.load import ScanResult
    from nbbundle.bundle.resources import ResourcePlan
    from nbbundle.bundle.source_maps import MapRecorder, SourceMapKind
    from nbbundle.compile.errors import Diagnostic
    from nbbundle.compile.text.source_map import MappedText
    from nbbundle.compile.options import CompileOptions

Format = Literal["iife", "esm"]

# The URL modules see as import.meta.url's base: the script's own address in a browser, its
# file URL under node, nothing where neither is known.
_SCRIPT_URL = (
    'typeof document !== "undefined" && document.currentScript ? document.currentScript.src'
    ' : typeof __filename === "string" ? require("url").pathToFileURL(__filename).href : undefined'
)


class BuildResult:
    """What ``build`` made (a plain class: no dataclass on a build's import path)."""

    def __init__(  # noqa: PLR0913 (the fields, each with its default)
        self,
        code: str | list[str],
        entry_id: str,
        module_count: int,
        make_plan: Callable[[], ResourcePlan],
        warnings: list[Diagnostic] | None = None,
        inputs: dict[str, Path] | None = None,
        assets: dict[str, bytes] | None = None,
        other_reads: dict[str, Path] | None = None,
        mapped: list[MappedText] | None = None,
        root: Path | None = None,
        looked_up: dict[tuple[str, str], bool | None] | None = None,
        not_hoisted: str | None = None,
    ) -> None:
        self._parts = [code] if isinstance(code, str) else code
        """The script's text in pieces (``Resource.parts``), joined only if ``code`` is asked for."""
        self._code = code if isinstance(code, str) else None
        self.entry_id = entry_id
        self.module_count = module_count
        self.make_plan = make_plan
        """The module system's resources (``plan``), made when first asked for: a scope-hoisted
        build writes none, so it makes them only for a caller that reads them."""
        self.warnings: list[Diagnostic] = [] if warnings is None else warnings
        self.inputs: dict[str, Path] = {} if inputs is None else inputs
        """Module id → the file it was read from: what the bundle must never be written over."""
        self.assets: dict[str, bytes] = {} if assets is None else assets
        """Emitted asset files (``compile/assets.py``) by name: written beside the bundle, whose URL
        their modules resolve them against."""
        self.other_reads: dict[str, Path] = {} if other_reads is None else other_reads
        """Every other file the build read (``package.json`` files), by its path relative to the root:
        never written over either."""
        self.mapped = mapped
        """With ``sourcemap``: each module's init function and its map, for ``write_bundle``."""
        self.root = root
        """The folder module ids are relative to (a map's ``sourceRoot`` points there)."""
        self.looked_up: dict[tuple[str, str], bool | None] = {} if looked_up is None else looked_up
        """("file" or "dir", path) → the answer the resolver got when it asked whether it exists
        (None: two different answers in one build), for ``build_record.py``: a file added where the
        resolver looked changes the build as much as a changed file."""
        self.not_hoisted = not_hoisted
        """Why the bundle keeps the module system ("a development build", or scope hoisting's
        reason: "main.js has import()"); None: scope-hoisted, one scope (``scope_hoist.py``)."""

    @property
    def code(self) -> str:
        """The script."""
        if self._code is None:
            self._code = "".join(self._parts)
        return self._code

    @functools.cached_property
    def chunks(self) -> list[bytes]:
        """The script as UTF-8, encoded once, piece by piece, never joined: the file and the
        build's record are written from these pieces. A three.js bundle is 2.6 MB with a few
        non-ASCII characters: joined as text, each copy of it is twice as wide, encoding it whole
        took 2.5 ms (the ASCII pieces encode as copies), and each new copy of megabytes costs
        as much again in page faults."""
        if self._code is not None and len(self._parts) == 1:
            return [self._code.encode()]
        return [part.encode() for part in self._parts]

    @property
    def size(self) -> int:
        """The script's length in bytes."""
        return sum(map(len, self.chunks))

    @functools.cached_property
    def plan(self) -> ResourcePlan:
        """The resources (initial, async, style) and manifest of the module system's bundle: what
        ``code`` is made of, or, for a scope-hoisted build, the same modules' would be."""
        return self.make_plan()


class _RecordingDisk(DiskFileSystem):
    """The disk, remembering every file the resolver read (package.json files) and every path
    it asked about."""

    def __init__(self) -> None:
        self.read: list[str] = []
        self.looked_up: dict[tuple[str, str], bool | None] = {}

    def read_text(self, path: str) -> str:  # noqa: D102
        self.read.append(path)
        return super().read_text(path)

    def is_file(self, path: str) -> bool:  # noqa: D102
        return self._note("file", path, super().is_file(path))

    def is_dir(self, path: str) -> bool:  # noqa: D102
        return self._note("dir", path, super().is_dir(path))

    def _note(self, what: str, path: str, answer: bool) -> bool:
        key = (what, path)
        if self.looked_up.setdefault(key, answer) != answer:
            self.looked_up[key] = None
        return answer


def build(entry: Path, *, root: Path | None = None, options: CompileOptions | None = None,
          format: Format = "iife", sourcemap: bool = False) -> BuildResult:  # noqa: A002 - esbuild's name
    """Bundle ``entry`` and everything it imports (``options``: the mode and defines).

    ``format``: ``iife``, one classic script (a ``<script>``, ``node OUT.js``); ``esm``, an ES
    module whose exports are the entry's (``import`` it, or use it as an anywidget's ``_esm``).
    ``sourcemap``: keep each module's map for ``write_bundle`` (off by default: it costs time).
    Raises ``NbbundleError`` on any error.
    """
    from nbbundle.bundle.workers import reap_finished

    try:
        return _build(entry, root, options, format, sourcemap)
    finally:
        reap_finished()  # the scan's workers have been exiting while the bundle was linked and rendered


def _build(entry: Path, root: Path | None, options: CompileOptions | None, format: Format,  # noqa: A002
           sourcemap: bool) -> BuildResult:  # noqa: FBT001
    # Imported here: a build that ``build_record.py`` finds recorded loads none of this.
    from nbbundle.bundle.esm import OWN_SYSTEM, esm_script
    from nbbundle.bundle.link import link
    from nbbundle.bundle.load import scan
    from nbbundle.bundle.render import render_module
    from nbbundle.bundle.resources import ACQUIRE, plan_resources
    from nbbundle.resolve.resolver import Resolver

    disk = _RecordingDisk()
    base = (root or entry.resolve().parent).resolve()
    resolver = Resolver(root=base, fs=disk)
    scanned = scan(entry, root=root, resolver=resolver, parallel=True, options=options)
    modules = list(scanned.graph)
    linked = link(scanned.graph, modules, entries=[scanned.entry], warnings=scanned.warnings)
    header = f"// Built by nbbundle {__version__} from {scanned.entry.id}"
    minified = options is not None and options.minify
    recorder = None
    if sourcemap:  # imported only when asked for, as tree shaking below: each import costs a start
        from nbbundle.bundle.source_maps import MapRecorder

        recorder = MapRecorder(_file_text)
    render = recorder or render_module
    graph, entry_node = scanned.graph, scanned.entry
    if options is not None and options.mode == "production":
        # What the program uses (tree_shake.py): unused statements blanked (lines and columns
        # kept, so the maps hold), or cut from a minified build (its maps composed), unused
        # modules out.
        from nbbundle.bundle.tree_shake import shake_with_packages

        shaken = shake_with_packages(graph, entry_node, linked, disk, minify=minified)
        graph, entry_node, linked = shaken.graph, shaken.entry, shaken.linked
    acquire = OWN_SYSTEM if format == "esm" else ACQUIRE
    not_hoisted = "a development build"
    if options is not None and options.mode == "production":
        # One scope, no module system, where the graph allows it (scope_hoist.py). Decided
        # first: a hoisted build never renders the module system's bundle (nor its runtime).
        from nbbundle.bundle.hoisted_module import NotHoistable
        from nbbundle.bundle.scope_hoist import hoist

        try:
            code, mapped = hoist(graph, entry_node, linked, header, minified=minified, esm=format == "esm",
                                 content_of=_file_text if sourcemap else None)
        except NotHoistable as reason:
            not_hoisted = str(reason)
        else:
            if recorder is not None:
                recorder.mapped = mapped or []
            # The plan is what the module system's bundle would hold (the same modules): made
            # only if asked for, and rendered plainly (no map goes into ``recorder``).
            return _result(code, scanned, graph, modules, disk, base, recorder, None,
                           lambda: plan_resources(graph, entry_node, linked, acquire=acquire))
    plan = plan_resources(graph, entry_node, linked, acquire=acquire, render=render)
    if format == "esm":
        code = esm_script(plan, entry_node, linked[entry_node.id], header, minified=minified)
    else:
        code = _classic_script_parts(plan, entry_node.id, header, minified=minified)
    return _result(code, scanned, graph, modules, disk, base, recorder, not_hoisted, lambda: plan)


def _result(code: str | list[str], scanned: ScanResult, graph: ModuleGraph, modules: list[ModuleNode], disk: _RecordingDisk,
            base: Path, recorder: MapRecorder | None, not_hoisted: str | None,
            make_plan: Callable[[], ResourcePlan]) -> BuildResult:
    inputs = {node.id: node.file for node in modules if node.file is not None}
    emitted = [node.transform_result.emitted for node in graph
               if node.transform_result is not None and node.transform_result.emitted is not None]
    assets = {file.name: base64.b64decode(file.data_base64) for file in sorted(emitted, key=lambda f: f.name)}
    other_reads = {os.path.relpath(path, base).replace(os.sep, "/"): Path(path) for path in sorted(set(disk.read))}
    return BuildResult(code, scanned.entry.id, len(graph), make_plan, scanned.warnings, inputs, assets, other_reads,
                       recorder.mapped if recorder else None, base, disk.looked_up, not_hoisted)


def _file_text(node: ModuleNode) -> str | None:
    """A module's text as the build compiled it (``read_text_file``'s), for its map."""
    if node.file is None or node.transform_result is None or not node.transform_result.positions:
        return None
    try:
        return read_text_file(str(node.file))
    except (OSError, UnicodeDecodeError):
        return None


def _classic_script_parts(plan: ResourcePlan, entry_id: str, header: str, *, minified: bool = False) -> list[str]:
    """The classic script's text in pieces (the initial resource's own: each init function one)."""
    from nbbundle.bundle.esm import async_provider
    from nbbundle.bundle.resources import ACQUIRE
    from nbbundle.bundle.runtime_prelude import minified_prelude, runtime_prelude

    prelude = minified_prelude() if minified else runtime_prelude()
    parts = [f"{header}\n(function () {{\nvar url = {_SCRIPT_URL};\n", prelude, "\n"]
    async_parts = []
    for resource in plan.resources:
        if resource.kind != "script":
            continue  # CSS travels inside its module's init function in a single-file build
        if resource.type == "initial":
            parts.extend(resource.parts)
            parts.append("\n")
        else:
            async_parts.append(async_provider(resource) + "\n")
    parts.append(f"var ms = {ACQUIRE};\n")
    parts.extend(async_parts)
    parts.append(f"ms.loader.addManifest({json.dumps(plan.manifest, sort_keys=True)});\n")
    parts.append(f"ms.require({json.dumps(entry_id)});\n")
    parts.append("})();\n")
    return parts


class Written(Protocol):
    """What ``write_bundle`` writes: a ``BuildResult``, or ``build_record.RecordedBuild``."""

    @property
    def code(self) -> str: ...
    @property
    def chunks(self) -> list[bytes] | list[memoryview]: ...
    @property
    def inputs(self) -> Mapping[str, Path | str]: ...
    @property
    def other_reads(self) -> Mapping[str, Path | str]: ...
    @property
    def assets(self) -> Mapping[str, bytes]: ...
    @property
    def mapped(self) -> list[MappedText] | None: ...
    @property
    def root(self) -> Path | None: ...


def write_bundle(result: Written, outfile: Path, sourcemap: SourceMapKind | None = None) -> None:
    """Write ``result``'s script to ``outfile``, creating its folder; with ``sourcemap`` (a
    ``build(sourcemap=True)`` result), its map too: ``OUT.js.map`` beside it, or inline.

    Raises :class:`OutputError` (one line, nothing written) when ``outfile`` is a file the build
    read (a module, a ``package.json``), a folder, or under a file, or cannot be written.
    """
    if outfile.is_dir():
        msg = f"{outfile} is a folder: -o names the bundle's file, e.g. -o {outfile / 'bundle.js'}"
        raise OutputError(msg)
    module_id = which_is(outfile, result.inputs)
    if module_id is not None:
        msg = (f"refusing to write the bundle over {outfile}: it is the module {module_id} of this build; "
               "choose another -o path")
        raise OutputError(msg)
    read = which_is(outfile, result.other_reads)
    if read is not None:
        msg = f"refusing to write the bundle over {outfile}: this build read it ({read}); choose another -o path"
        raise OutputError(msg)
    for name in result.assets:
        module_id = which_is(outfile.parent / name, {**result.inputs, **result.other_reads})
        if module_id is not None:
            msg = f"refusing to write the asset {name} over the module {module_id}; choose another -o folder"
            raise OutputError(msg)
    map_file = outfile.with_name(outfile.name + ".map")
    if sourcemap == "external":
        # A pipe or a device (/dev/stdout, whatever it is redirected to) has no folder of its own.
        if outfile.absolute().parent == Path("/dev") or (outfile.exists() and not outfile.is_file()):
            msg = f"{outfile} is not a file, so no map can go beside it: use --sourcemap=inline"
            raise OutputError(msg)
        read = which_is(map_file, {**result.inputs, **result.other_reads})
        if read is not None:
            msg = f"refusing to write the source map {map_file} over {read}, which this build read; choose another -o path"
            raise OutputError(msg)
    ensure_folder(outfile.parent)
    chunks = result.chunks
    map_json = None
    if sourcemap is not None and result.mapped is not None:
        code = result.code
        source_root = None
        if result.root is not None:
            # Module ids are relative to the root; the map names it relative to itself, so no
            # machine's absolute path is in it and node's stack traces name the real files.
            relative = os.path.relpath(result.root, outfile.resolve().parent).replace(os.sep, "/")
            source_root = "" if relative == "." else relative + "/"
        from nbbundle.bundle.source_maps import file_map, with_map

        map_json = file_map(code, result.mapped, outfile.name, source_root)
        chunks = [with_map(code, map_json, sourcemap, map_file.name).encode()]
    try:
        # An ordinary write, not a rename over the path: -o may be a symlink or /dev/stdout.
        # The bytes as ``chunks`` hold them: no text layer, no newline translation anywhere.
        with open(outfile, "wb") as stream:
            write_pieces(stream.fileno(), chunks)
    except OSError as error:
        raise write_error(outfile, error) from None
    if map_json is not None and sourcemap == "external":
        try:
            map_file.write_text(map_json, encoding="utf-8")
        except OSError as error:
            raise write_error(map_file, error) from None
    for name, data in result.assets.items():
        try:
            (outfile.parent / name).write_bytes(data)
        except OSError as error:
            raise write_error(outfile.parent / name, error) from None
