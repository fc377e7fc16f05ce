"""Resolution of import specifiers: relative paths, packages, ``#imports`` and URLs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nbbundle.resolve.package_json import Json, PackageJsonError, resolve_exports
from nbbundle.resolve.resolver import DiskFileSystem, Resolution, ResolveError, Resolver


def make_tree(root: Path, files: dict[str, object]) -> None:
    """Write ``files`` under ``root``; dict values are written as JSON (package.json)."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content))


def resolve(
    root: Path,
    specifier: str,
    importer: str = "app.js",
    conditions: tuple[str, ...] = ("browser", "import", "default"),
) -> Path:
    resolution = Resolver(root=root, conditions=conditions).resolve(specifier, root / importer)
    assert resolution.path is not None
    return resolution.path


def resolve_error(root: Path, specifier: str, importer: str = "app.js") -> ResolveError:
    with pytest.raises(ResolveError) as info:
        Resolver(root=root).resolve(specifier, root / importer)
    return info.value


# Relative paths and extension rules


def test_relative_exact_file(tmp_path: Path) -> None:
    make_tree(tmp_path, {"util.js": ""})
    assert resolve(tmp_path, "./util.js") == tmp_path / "util.js"


def test_relative_adds_js_extension(tmp_path: Path) -> None:
    make_tree(tmp_path, {"util.js": ""})
    assert resolve(tmp_path, "./util") == tmp_path / "util.js"


def test_relative_adds_mjs_extension(tmp_path: Path) -> None:
    make_tree(tmp_path, {"util.mjs": ""})
    assert resolve(tmp_path, "./util") == tmp_path / "util.mjs"


def test_js_extension_is_tried_before_mjs(tmp_path: Path) -> None:
    make_tree(tmp_path, {"util.js": "", "util.mjs": ""})
    assert resolve(tmp_path, "./util") == tmp_path / "util.js"


def test_folder_resolves_to_index_js(tmp_path: Path) -> None:
    make_tree(tmp_path, {"lib/index.js": ""})
    assert resolve(tmp_path, "./lib") == tmp_path / "lib" / "index.js"


def test_folder_resolves_to_index_mjs(tmp_path: Path) -> None:
    make_tree(tmp_path, {"lib/index.mjs": ""})
    assert resolve(tmp_path, "./lib/") == tmp_path / "lib" / "index.mjs"


def test_parent_relative_path(tmp_path: Path) -> None:
    make_tree(tmp_path, {"shared/util.js": "", "src/app.js": ""})
    assert resolve(tmp_path, "../shared/util", "src/app.js") == tmp_path / "shared" / "util.js"


def test_absolute_path(tmp_path: Path) -> None:
    make_tree(tmp_path, {"util.js": ""})
    assert resolve(tmp_path, str(tmp_path / "util")) == tmp_path / "util.js"


def test_exact_file_beats_added_extension(tmp_path: Path) -> None:
    make_tree(tmp_path, {"util": "", "util.js": ""})
    assert resolve(tmp_path, "./util") == tmp_path / "util"


def test_file_with_extension_beats_folder_index(tmp_path: Path) -> None:
    make_tree(tmp_path, {"lib.js": "", "lib/index.js": ""})
    assert resolve(tmp_path, "./lib") == tmp_path / "lib.js"


def test_resolved_path_is_normalized(tmp_path: Path) -> None:
    make_tree(tmp_path, {"util.js": "", "src/app.js": ""})
    assert resolve(tmp_path, "./../src/../util.js", "src/app.js") == tmp_path / "util.js"


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.js", "js"), ("a.mjs", "js"), ("a.cjs", "cjs"), ("a.json", "json"), ("a.css", "css")],
)
def test_kind_follows_the_extension(tmp_path: Path, name: str, kind: str) -> None:
    make_tree(tmp_path, {name: ""})
    assert Resolver(root=tmp_path).resolve(f"./{name}", tmp_path / "app.js").kind == kind


@pytest.mark.parametrize("name", ["logo.png", "font.woff2", "clip.mp4", "lib.wasm", "icon.svg", "note.txt",
                                  "cities.csv", "map.geojson", "notes.unknownext"])
def test_a_file_that_is_not_code_is_an_asset(tmp_path: Path, name: str) -> None:
    make_tree(tmp_path, {name: ""})
    resolution = Resolver(root=tmp_path).resolve(f"./{name}", tmp_path / "app.js")
    assert (resolution.kind, resolution.query, resolution.path) == ("asset", "", tmp_path / name)


@pytest.mark.parametrize(("query", "kind", "css_kind"),
                         [("?url", "asset", "asset"), ("?raw", "raw", "raw"), ("?inline", "inline", "css")])
def test_vite_queries_choose_what_an_import_gives(tmp_path: Path, query: str, kind: str, css_kind: str) -> None:
    # A stylesheet's ?inline is its processed text (Vite's), still compiled as CSS.
    make_tree(tmp_path, {"style.css": "", "lib/note.txt": ""})
    resolver = Resolver(root=tmp_path)
    for specifier, path, expected in ((f"./style.css{query}", "style.css", css_kind),
                                      (f"./lib/note.txt{query}", "lib/note.txt", kind)):
        resolution = resolver.resolve(specifier, tmp_path / "app.js")
        assert (resolution.kind, resolution.query, resolution.path) == (expected, query, tmp_path / path)


def test_an_unknown_query_is_part_of_the_file_name(tmp_path: Path) -> None:
    make_tree(tmp_path, {"note.txt": ""})
    error = resolve_error(tmp_path, "./note.txt?worker")
    assert error.message == 'Could not resolve "./note.txt?worker"'


def test_a_query_on_a_missing_file_is_the_missing_file_error(tmp_path: Path) -> None:
    make_tree(tmp_path, {"note.txt": ""})
    error = resolve_error(tmp_path, "./nothere.txt?raw")
    assert error.message == 'Could not resolve "./nothere.txt"'


# Packages with "exports"


def test_exports_string(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": "./dist/pkg.js"},
                         "node_modules/pkg/dist/pkg.js": ""})
    assert resolve(tmp_path, "pkg") == tmp_path / "node_modules/pkg/dist/pkg.js"


def test_exports_conditions_pick_browser_over_default(tmp_path: Path) -> None:
    exports: Json = {"node": "./node.js", "browser": "./browser.js", "default": "./default.js"}
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": exports},
                         "node_modules/pkg/browser.js": ""})
    assert resolve(tmp_path, "pkg") == tmp_path / "node_modules/pkg/browser.js"


def test_exports_conditions_follow_package_order_not_resolver_order(tmp_path: Path) -> None:
    exports: Json = {".": {"import": "./import.js", "browser": "./browser.js"}}
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": exports},
                         "node_modules/pkg/import.js": ""})
    assert resolve(tmp_path, "pkg") == tmp_path / "node_modules/pkg/import.js"


def test_exports_nested_conditions(tmp_path: Path) -> None:
    exports: Json = {".": {"node": {"import": "./node.mjs"},
                     "browser": {"require": "./b.cjs", "import": "./b.mjs"}}}
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": exports},
                         "node_modules/pkg/b.mjs": ""})
    assert resolve(tmp_path, "pkg") == tmp_path / "node_modules/pkg/b.mjs"


def test_exports_subpath(tmp_path: Path) -> None:
    exports: Json = {".": "./index.js", "./feature": "./src/feature.js"}
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": exports},
                         "node_modules/pkg/src/feature.js": ""})
    assert resolve(tmp_path, "pkg/feature") == tmp_path / "node_modules/pkg/src/feature.js"


def test_exports_pattern(tmp_path: Path) -> None:
    exports: Json = {"./features/*": "./src/features/*.js"}
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": exports},
                         "node_modules/pkg/src/features/a/b.js": ""})
    path = resolve(tmp_path, "pkg/features/a/b")
    assert path == tmp_path / "node_modules/pkg/src/features/a/b.js"


def test_exports_longest_pattern_prefix_wins() -> None:
    exports: Json = {"./*": "./all/*.js", "./features/*": "./f/*.js", "./features/x/*": "./x/*.js"}
    assert resolve_exports(exports, "./features/x/y", {"default"}) == "./x/y.js"
    assert resolve_exports(exports, "./features/y", {"default"}) == "./f/y.js"
    assert resolve_exports(exports, "./other", {"default"}) == "./all/other.js"


def test_exports_exact_key_beats_pattern() -> None:
    exports: Json = {"./features/*": "./f/*.js", "./features/special": "./special.js"}
    assert resolve_exports(exports, "./features/special", {"default"}) == "./special.js"


def test_exports_null_blocks_a_subpath() -> None:
    exports: Json = {"./features/*": "./f/*.js", "./features/private/*": None}
    assert resolve_exports(exports, "./features/private/x", {"default"}) is None


def test_exports_null_condition_stops_the_search() -> None:
    exports: Json = {".": {"browser": None, "default": "./server.js"}}
    assert resolve_exports(exports, ".", {"browser", "default"}) is None


def test_exports_array_falls_back_to_first_valid_target() -> None:
    exports: Json = {".": [{"worker": "./worker.js"}, "not-relative.js", "./index.js"]}
    assert resolve_exports(exports, ".", {"browser", "default"}) == "./index.js"


def test_exports_target_outside_package_is_invalid() -> None:
    with pytest.raises(PackageJsonError, match="must stay inside the package folder"):
        resolve_exports({".": "./../secret.js"}, ".", {"default"})


def test_exports_mixing_subpaths_and_conditions_is_invalid(tmp_path: Path) -> None:
    exports: Json = {".": "./a.js", "import": "./b.js"}
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": exports}})
    error = resolve_error(tmp_path, "pkg")
    assert error.hint == (
        '"exports" cannot mix subpath keys (starting with ".") and condition keys '
        'in one object: ".", "import"'
    )


def test_unexported_subpath_hint_names_the_exported_subpaths(tmp_path: Path) -> None:
    exports: Json = {".": "./index.js", "./feature": "./feature.js", "./features/*": "./f/*.js",
               "./internal/*": None}
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": exports}})
    error = resolve_error(tmp_path, "pkg/internal/x")
    assert error.message == 'Could not resolve "pkg/internal/x"'
    assert error.hint == (
        'The path "./internal/x" is not exported by package "pkg". '
        'The package exports ".", "./feature", "./features/*".'
    )


def test_unmatched_conditions_hint_names_the_active_conditions(tmp_path: Path) -> None:
    exports: Json = {".": {"node": "./node.js", "require": "./index.cjs"}}
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": exports}})
    assert resolve_error(tmp_path, "pkg").hint == (
        'The path "." of package "pkg" has no target '
        'for the conditions "browser", "import", "default".'
    )


def test_custom_conditions(tmp_path: Path) -> None:
    exports: Json = {"node": "./node.js", "default": "./default.js"}
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": exports},
                         "node_modules/pkg/node.js": ""})
    path = resolve(tmp_path, "pkg", conditions=("node", "import", "default"))
    assert path == tmp_path / "node_modules/pkg/node.js"


def test_exported_file_that_is_missing(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": "./dist/pkg.js"}})
    assert resolve_error(tmp_path, "pkg").hint == (
        'The "exports" of package "pkg" map "." to "./dist/pkg.js", '
        'but there is no file "node_modules/pkg/dist/pkg.js"'
    )


def test_missing_exported_file_suggests_a_close_match(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/three/package.json": {"exports": {"./addons/*": "./jsm/*"}},
                         "node_modules/three/jsm/controls/OrbitControls.js": ""})
    assert resolve_error(tmp_path, "three/addons/controls/OrbitControl.js").hint == (
        'The "exports" of package "three" map "./addons/controls/OrbitControl.js" to '
        '"./jsm/controls/OrbitControl.js", but there is no file '
        '"node_modules/three/jsm/controls/OrbitControl.js". '
        'Did you mean "three/addons/controls/OrbitControls.js"?'
    )


def test_exports_targets_get_no_extension_resolution(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"exports": "./dist/pkg"},
                         "node_modules/pkg/dist/pkg.js": ""})
    with pytest.raises(ResolveError):
        Resolver(root=tmp_path).resolve("pkg", tmp_path / "app.js")


# Packages without "exports"


def test_module_field_beats_main(tmp_path: Path) -> None:
    package_json = {"main": "./cjs.js", "module": "./esm.js"}
    make_tree(tmp_path, {"node_modules/pkg/package.json": package_json,
                         "node_modules/pkg/cjs.js": "", "node_modules/pkg/esm.js": ""})
    assert resolve(tmp_path, "pkg") == tmp_path / "node_modules/pkg/esm.js"


def test_main_without_extension(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"main": "lib/pkg"},
                         "node_modules/pkg/lib/pkg.js": ""})
    assert resolve(tmp_path, "pkg") == tmp_path / "node_modules/pkg/lib/pkg.js"


def test_main_naming_a_folder_uses_its_index(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"main": "lib"},
                         "node_modules/pkg/lib/index.js": ""})
    assert resolve(tmp_path, "pkg") == tmp_path / "node_modules/pkg/lib/index.js"


def test_missing_module_file_falls_back_to_main(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"module": "esm.js", "main": "cjs.js"},
                         "node_modules/pkg/cjs.js": ""})
    assert resolve(tmp_path, "pkg") == tmp_path / "node_modules/pkg/cjs.js"


def test_package_without_package_json_uses_index_js(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/index.js": ""})
    assert resolve(tmp_path, "pkg") == tmp_path / "node_modules/pkg/index.js"


def test_package_without_entry_file(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"module": "esm.js", "main": "cjs.js"}})
    assert resolve_error(tmp_path, "pkg").hint == (
        'The package "pkg" has no entry file in "node_modules/pkg" '
        '(tried "module": "esm.js", "main": "cjs.js", index.js)'
    )


def test_package_subpath_without_exports_uses_extension_rules(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/package.json": {"main": "index.js"},
                         "node_modules/pkg/sub/path.mjs": ""})
    assert resolve(tmp_path, "pkg/sub/path") == tmp_path / "node_modules/pkg/sub/path.mjs"


def test_scoped_package(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/@scope/pkg/package.json": {"module": "esm.js"},
                         "node_modules/@scope/pkg/esm.js": ""})
    assert resolve(tmp_path, "@scope/pkg") == tmp_path / "node_modules/@scope/pkg/esm.js"


def test_scoped_package_subpath(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/@scope/pkg/package.json": {"exports": {"./x": "./x.js"}},
                         "node_modules/@scope/pkg/x.js": ""})
    assert resolve(tmp_path, "@scope/pkg/x") == tmp_path / "node_modules/@scope/pkg/x.js"


def test_package_is_found_by_walking_up(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/index.js": "", "src/deep/app.js": ""})
    assert resolve(tmp_path, "pkg", "src/deep/app.js") == tmp_path / "node_modules/pkg/index.js"


def test_nearest_node_modules_wins(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/index.js": "", "node_modules/a/index.js": "",
                         "node_modules/a/node_modules/pkg/index.js": ""})
    path = resolve(tmp_path, "pkg", "node_modules/a/index.js")
    assert path == tmp_path / "node_modules/a/node_modules/pkg/index.js"


def test_package_imports_itself_by_name_through_exports(tmp_path: Path) -> None:
    make_tree(tmp_path, {"package.json": {"name": "me", "exports": {"./util": "./src/util.js"}},
                         "src/util.js": ""})
    assert resolve(tmp_path, "me/util") == tmp_path / "src/util.js"


# "#imports"


def test_hash_specifier_uses_the_imports_field(tmp_path: Path) -> None:
    make_tree(tmp_path, {"package.json": {"imports": {"#util": "./src/util.js"}},
                         "src/util.js": "", "src/app.js": ""})
    assert resolve(tmp_path, "#util", "src/app.js") == tmp_path / "src/util.js"


def test_hash_pattern_with_conditions(tmp_path: Path) -> None:
    imports = {"#lib/*": {"node": "./node/*.js", "default": "./web/*.js"}}
    make_tree(tmp_path, {"package.json": {"imports": imports}, "web/dom.js": ""})
    assert resolve(tmp_path, "#lib/dom") == tmp_path / "web/dom.js"


def test_hash_specifier_may_map_to_a_package(tmp_path: Path) -> None:
    make_tree(tmp_path, {"package.json": {"imports": {"#dep": "dep"}},
                         "node_modules/dep/index.js": ""})
    assert resolve(tmp_path, "#dep") == tmp_path / "node_modules/dep/index.js"


def test_undefined_hash_specifier(tmp_path: Path) -> None:
    make_tree(tmp_path, {"package.json": {"imports": {"#util": "./util.js"}}})
    error = resolve_error(tmp_path, "#utils")
    assert error.message == 'Could not resolve "#utils"'
    assert error.hint == '"#utils" is not defined in the "imports" field of "package.json".'


def test_hash_specifier_without_imports_field(tmp_path: Path) -> None:
    assert resolve_error(tmp_path, "#util").hint == (
        'There is no "imports" field in a package.json above "app.js" to define "#util".'
    )


# URLs stay external


@pytest.mark.parametrize(
    ("url", "kind"),
    [("https://esm.sh/react@18", "js"), ("http://localhost:8000/x.js", "js"),
     ("https://cdn.example/style.css?v=1", "css"), ("data:text/javascript,export default 1", "js"),
     ("data:application/json,{}", "json")],
)
def test_urls_stay_external(tmp_path: Path, url: str, kind: str) -> None:
    resolution = Resolver(root=tmp_path).resolve(url, tmp_path / "app.js")
    assert resolution == Resolution(None, kind, url, None)  # type: ignore[arg-type]


# The package type of .js files


def test_package_type_comes_from_the_nearest_package_json(tmp_path: Path) -> None:
    make_tree(tmp_path, {"package.json": {"type": "module"},
                         "lib/package.json": {"type": "commonjs"},
                         "lib/a.js": "", "b.js": ""})
    resolver = Resolver(root=tmp_path)
    assert resolver.resolve("./lib/a.js", tmp_path / "app.js").package_type == "commonjs"
    assert resolver.resolve("./b.js", tmp_path / "app.js").package_type == "module"


def test_package_type_is_none_without_a_type_field(tmp_path: Path) -> None:
    make_tree(tmp_path, {"package.json": {"name": "x"}, "a.js": ""})
    assert Resolver(root=tmp_path).resolve("./a.js", tmp_path / "app.js").package_type is None


def test_module_type_comes_from_the_extension_before_the_package(tmp_path: Path) -> None:
    # Node's rule: .mjs is an ES module and .cjs CommonJS, whatever the package.json says.
    make_tree(tmp_path, {"package.json": {"type": "commonjs"}, "a.mjs": "", "a.cjs": ""})
    resolver = Resolver(root=tmp_path)
    assert resolver.resolve("./a.mjs", tmp_path / "app.js").package_type == "module"
    assert resolver.resolve("./a.cjs", tmp_path / "app.js").kind == "cjs"
    assert resolver.resolve("./a.cjs", tmp_path / "app.js").package_type is None


def test_installed_package_does_not_inherit_the_project_type(tmp_path: Path) -> None:
    make_tree(tmp_path, {"package.json": {"type": "module"}, "node_modules/pkg/index.js": ""})
    assert Resolver(root=tmp_path).resolve("pkg", tmp_path / "app.js").package_type is None


# Errors


@pytest.mark.parametrize("specifier", ["fs", "node:fs", "fs/promises", "node:test"])
def test_node_builtin_is_not_available(tmp_path: Path, specifier: str) -> None:
    error = resolve_error(tmp_path, specifier)
    assert error.message == f'Could not resolve "{specifier}"'
    assert error.hint == (
        f'The module "{specifier}" is a Node built-in, which is not available in the browser.'
    )


def test_installed_package_wins_over_builtin_name(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/buffer/index.js": ""})
    assert resolve(tmp_path, "buffer") == tmp_path / "node_modules/buffer/index.js"


def test_missing_relative_file(tmp_path: Path) -> None:
    error = resolve_error(tmp_path, "./util.js")
    assert error.message == 'Could not resolve "./util.js"'
    assert error.hint == (
        'No file "./util.js" next to "app.js" '
        "(tried util.js, util.js.{js,mjs,ts,tsx,jsx,mts}, util.{ts,tsx}, util.js/index.{js,mjs,ts,tsx,jsx,mts})"
    )


def test_missing_relative_file_suggests_a_close_match(tmp_path: Path) -> None:
    make_tree(tmp_path, {"src/utils.js": ""})
    assert resolve_error(tmp_path, "./util.js", "src/app.js").hint == (
        'No file "./util.js" next to "src/app.js" '
        "(tried util.js, util.js.{js,mjs,ts,tsx,jsx,mts}, util.{ts,tsx}, util.js/index.{js,mjs,ts,tsx,jsx,mts}). "
        'Did you mean "./utils.js"?'
    )


def test_close_match_is_found_for_a_path_without_extension(tmp_path: Path) -> None:
    make_tree(tmp_path, {"lib/helpers.js": ""})
    hint = resolve_error(tmp_path, "../lib/helper", "src/app.js").hint
    assert hint is not None
    assert hint.endswith('Did you mean "../lib/helpers.js"?')


def test_missing_package(tmp_path: Path) -> None:
    error = resolve_error(tmp_path, "pkg/sub", "src/app.js")
    assert error.message == 'Could not resolve "pkg/sub"'
    assert error.hint == (
        'The package "pkg" was not found in node_modules next to "src/app.js" or any parent '
        "folder. Is it installed? Run npm install pkg in the project folder."
    )


@pytest.mark.parametrize("specifier", ["", "@scope", ".hidden"])
def test_invalid_package_specifier(tmp_path: Path, specifier: str) -> None:
    make_tree(tmp_path, {"node_modules/@scope/pkg/index.js": ""})
    assert resolve_error(tmp_path, specifier).hint == (
        'A package path looks like "pkg", "pkg/sub/path" or "@scope/pkg".'
    )


def test_bare_path_to_a_local_file_suggests_dot_slash(tmp_path: Path) -> None:
    make_tree(tmp_path, {"util.js": ""})
    assert resolve_error(tmp_path, "util.js").hint == (
        'Use the relative path "./util.js" to reference the file "util.js". Without the '
        'leading "./", the path "util.js" is being interpreted as a package path instead.'
    )


def test_missing_package_subpath_suggests_a_close_match(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/addons/loader.js": ""})
    assert resolve_error(tmp_path, "pkg/addons/loadr").hint == (
        'No file "addons/loadr" in package "pkg" at "node_modules/pkg" (tried addons/loadr, '
        "addons/loadr.{js,mjs,ts,tsx,jsx,mts}, addons/loadr/index.{js,mjs,ts,tsx,jsx,mts}). "
        'Did you mean "pkg/addons/loader.js"?'
    )


def test_invalid_package_json(tmp_path: Path) -> None:
    make_tree(tmp_path, {"node_modules/pkg/package.json": "{ main: 1 }"})
    assert resolve_error(tmp_path, "pkg").hint == (
        f'Invalid "{(tmp_path / "node_modules/pkg/package.json").as_posix()}": '
        "Expecting property name enclosed in double quotes at line 1, column 3"
    )


# Caching and the FileSystem protocol


class CountingFileSystem(DiskFileSystem):
    def __init__(self) -> None:
        self.calls = 0

    def is_file(self, path: str) -> bool:
        self.calls += 1
        return super().is_file(path)

    def is_dir(self, path: str) -> bool:
        self.calls += 1
        return super().is_dir(path)


def test_repeated_lookups_do_not_touch_the_disk(tmp_path: Path) -> None:
    make_tree(tmp_path, {"src/a.js": "", "src/b.js": "", "util.js": "",
                         "node_modules/pkg/index.js": ""})
    fs = CountingFileSystem()
    resolver = Resolver(root=tmp_path, fs=fs)
    for importer in ("src/a.js", "src/b.js"):
        resolver.resolve("../util", tmp_path / importer)
        resolver.resolve("pkg", tmp_path / importer)
    calls = fs.calls
    for _ in range(1500):
        resolver.resolve("../util", tmp_path / "src/a.js")
    assert fs.calls == calls


def test_clear_cache_sees_new_files(tmp_path: Path) -> None:
    resolver = Resolver(root=tmp_path)
    with pytest.raises(ResolveError):
        resolver.resolve("./late.js", tmp_path / "app.js")
    make_tree(tmp_path, {"late.js": ""})
    resolver.clear_cache()
    assert resolver.resolve("./late.js", tmp_path / "app.js").path == tmp_path / "late.js"


class DictFileSystem:
    """Files held in memory, as notebook cells will be."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files
        self.dirs = {str(parent) for name in files for parent in Path(name).parents}

    def is_file(self, path: str) -> bool:
        return path in self.files

    def is_dir(self, path: str) -> bool:
        return path in self.dirs

    def read_text(self, path: str) -> str:
        return self.files[path]

    def list_dir(self, path: str) -> list[str]:
        return [Path(name).name for name in self.files if str(Path(name).parent) == path]


def test_virtual_file_system() -> None:
    fs = DictFileSystem({"/nb/app.js": "", "/nb/store.js": "",
                         "/nb/node_modules/pkg/package.json": '{"exports": "./pkg.js"}',
                         "/nb/node_modules/pkg/pkg.js": ""})
    resolver = Resolver(root=Path("/nb"), fs=fs)
    assert resolver.resolve("./store", Path("/nb/app.js")).path == Path("/nb/store.js")
    assert resolver.resolve("pkg", Path("/nb/app.js")).path == Path("/nb/node_modules/pkg/pkg.js")


# require() reads "exports" with the "require" condition (Node's and esbuild's rule)


def test_require_takes_the_require_condition_of_exports(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "node_modules/dual/package.json": {"name": "dual", "exports": {
            ".": {"import": "./index.mjs", "require": "./index.cjs", "default": "./index.js"},
            "./sub": [{"import": "./sub.mjs", "default": "./sub.js"}, "./sub.js"]}},
        "node_modules/dual/index.mjs": "", "node_modules/dual/index.cjs": "", "node_modules/dual/index.js": "",
        "node_modules/dual/sub.mjs": "", "node_modules/dual/sub.js": "",
        "app.js": "",
    })
    resolver = Resolver(root=tmp_path)
    importer = tmp_path / "app.js"
    assert resolver.resolve("dual", importer).path == tmp_path / "node_modules/dual/index.mjs"
    assert resolver.resolve("dual", importer, require=True).path == tmp_path / "node_modules/dual/index.cjs"
    assert resolver.resolve("dual/sub", importer, require=True).path == tmp_path / "node_modules/dual/sub.js"
    assert resolver.resolve("dual/sub", importer).path == tmp_path / "node_modules/dual/sub.mjs"
