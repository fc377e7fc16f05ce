"""``tsconfig.json`` as esbuild reads it: the nearest one above a file, with what it ``extends``.

A TypeScript (or JSX) file takes its options from the nearest ``tsconfig.json`` in its folder or
a folder above (a notebook's cells: above the notebook); files under ``node_modules`` take none,
as esbuild ignores the ``tsconfig.json`` of packages. ``extends`` names a file relative to the
config (``.json`` may be left off) or a package (``@tsconfig/strictest``, or a file in one),
found in ``node_modules`` above the config; a list extends each in turn. ``compilerOptions`` of
the extending file win, one option at a time; ``baseUrl`` is relative to the file that sets it,
``paths`` to ``baseUrl``, else to the file that sets them.

The file is JSON with comments and trailing commas. A file that cannot be read, is not that,
or extends a file that does not exist is a diagnostic naming the file, line and column.

Read here: ``jsx``, ``jsxImportSource``, ``jsxFactory``, ``jsxFragmentFactory``,
``useDefineForClassFields`` (default: true from target ES2022, as TypeScript),
``verbatimModuleSyntax``, ``experimentalDecorators`` (``CompileOptions``), and ``baseUrl`` and
``paths`` (the resolver's).
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from nbbundle.compile.errors import NbbundleError, make_diagnostic
from nbbundle.compile.options import CompileOptions
from nbbundle.compile.record import Record

if TYPE_CHECKING:
    from nbbundle.resolve.filesystem import FileSystem

NAME = "tsconfig.json"
#: ``target`` values before ES2022: ``useDefineForClassFields`` defaults to false for them.
_OLD_TARGETS = frozenset({"es3", "es5", "es6", "es2015", "es2016", "es2017", "es2018", "es2019", "es2020", "es2021"})
_JSX_RUNTIMES = {"react": "classic", "react-jsx": "automatic", "react-jsxdev": "automatic",
                 "preserve": None, "react-native": None}


class TsConfigError(NbbundleError):
    """A ``tsconfig.json`` that cannot be used."""


class TsConfig(Record):
    """The options of one ``tsconfig.json``, its ``extends`` applied."""

    __slots__ = _fields = ("file", "options", "base_url", "paths", "paths_base")

    def __init__(  # noqa: PLR0913 (the fields, as a dataclass takes them)
        self,
        file: str,
        options: dict[str, Any] | None = None,
        base_url: str | None = None,
        paths: dict[str, list[str]] | None = None,
        paths_base: str = "",
    ) -> None:
        self.file = file
        self.options = {} if options is None else options
        """``compilerOptions``, merged."""
        self.base_url = base_url
        """Absolute ``baseUrl``."""
        self.paths = {} if paths is None else paths
        self.paths_base = paths_base
        """The folder ``paths`` targets are relative to."""

    def compile_options(self, base: CompileOptions) -> CompileOptions:
        """``base`` with what this config says."""
        options = self.options
        given: dict[str, Any] = {}  # JsxOptions field → value, unless the host set it (`%%module`)
        runtime = _JSX_RUNTIMES.get(str(options.get("jsx", "")).lower())
        if runtime is not None:
            given["runtime"] = runtime
        for option, name in (("jsxImportSource", "import_source"), ("jsxFactory", "factory"),
                             ("jsxFragmentFactory", "fragment")):
            if isinstance(options.get(option), str):
                given[name] = options[option]
        jsx = base.jsx.replace(**{k: v for k, v in given.items() if k not in base.jsx_given})
        define = options.get("useDefineForClassFields")
        if not isinstance(define, bool):
            define = str(options.get("target", "es2022")).lower() not in _OLD_TARGETS
        return base.replace(jsx=jsx, use_define_for_class_fields=define,
                       verbatim_module_syntax=options.get("verbatimModuleSyntax") is True,
                       experimental_decorators=options.get("experimentalDecorators") is True)


class TsConfigs:
    """``tsconfig.json`` files by folder, read through the resolver's file system."""

    def __init__(self, fs: FileSystem, display: Any = str) -> None:
        self._fs = fs
        self._display = display
        self._nearest: dict[str, str | None] = {}
        self._configs: dict[str, TsConfig] = {}

    def clear(self) -> None:
        self._nearest.clear()
        self._configs.clear()

    def for_file(self, path: str) -> TsConfig | None:
        """The config of the file ``path`` (None: no ``tsconfig.json`` applies). Raises
        ``TsConfigError``."""
        return self.for_directory(os.path.dirname(os.path.abspath(path)))

    def for_directory(self, directory: str) -> TsConfig | None:
        """The config of the files in ``directory`` (absolute)."""
        if "node_modules" in directory.split(os.sep):
            return None
        config = self._nearest_config(directory)
        return self.load(config) if config is not None else None

    def _nearest_config(self, directory: str) -> str | None:
        seen: list[str] = []
        found: str | None = None
        while True:
            if directory in self._nearest:
                found = self._nearest[directory]
                break
            seen.append(directory)
            candidate = os.path.join(directory, NAME)
            if self._fs.is_file(candidate):
                found = candidate
                break
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
        for folder in seen:
            self._nearest[folder] = found
        return found

    def load(self, file: str, chain: tuple[str, ...] = ()) -> TsConfig:
        """The config in ``file``, with its ``extends``."""
        cached = self._configs.get(file)
        if cached is not None:
            return cached
        if file in chain:
            raise self._error(chain[-1], None, f'"extends" makes a cycle: {" → ".join(map(self._display, (*chain, file)))}')
        text = self._read(file, chain)
        data = parse_jsonc(text, self._display(file))
        if not isinstance(data, dict):
            raise self._error(file, text, "A tsconfig.json holds an object", (0, 1))
        directory = os.path.dirname(file)
        merged = TsConfig(file)
        extends = data.get("extends")
        for base in [extends] if isinstance(extends, str) else extends if isinstance(extends, list) else []:
            if not isinstance(base, str):
                continue
            base_file = self._find_base(base, directory)
            if base_file is None:
                raise self._error(file, text, f'Cannot find base config file "{base}"', _string_range(text, base))
            merged = _merge(merged, self.load(base_file, (*chain, file)))
        options = data.get("compilerOptions")
        own = TsConfig(file, dict(options) if isinstance(options, dict) else {})
        if isinstance(own.options.get("baseUrl"), str):
            own = own.replace(base_url=os.path.normpath(os.path.join(directory, own.options["baseUrl"])))
        if isinstance(own.options.get("paths"), dict):
            paths = {k: [t for t in v if isinstance(t, str)] for k, v in own.options["paths"].items() if isinstance(v, list)}
            own = own.replace(paths=paths, paths_base=directory)
        config = _merge(merged, own)
        if config.paths and config.base_url is not None:
            config = config.replace(paths_base=config.base_url)
        config = config.replace(file=file)
        self._configs[file] = config
        return config

    def _read(self, file: str, chain: tuple[str, ...]) -> str:
        try:
            return self._fs.read_text(file)
        except (OSError, UnicodeDecodeError) as error:
            raise self._error(chain[-1] if chain else file, None, f"Cannot read {self._display(file)}: {error}") from None

    def _find_base(self, base: str, directory: str) -> str | None:
        if base.startswith(("./", "../", "/")) or os.path.isabs(base):
            target = os.path.normpath(os.path.join(directory, base))
            return next((c for c in (target, target + ".json") if self._fs.is_file(c)), None)
        # A package, or a file in one: node_modules of this folder and every folder above.
        parts = base.split("/")
        name_size = 2 if base.startswith("@") else 1
        name, subpath = "/".join(parts[:name_size]), "/".join(parts[name_size:])
        folder = directory
        while True:
            package = os.path.join(folder, "node_modules", name)
            if self._fs.is_dir(package):
                if subpath:
                    target = os.path.join(package, subpath)
                    found = next((c for c in (target, target + ".json", os.path.join(target, NAME)) if self._fs.is_file(c)), None)
                else:
                    found = os.path.join(package, self._package_tsconfig(package))
                    found = found if self._fs.is_file(found) else None
                if found is not None:
                    return found
            parent = os.path.dirname(folder)
            if parent == folder:
                return None
            folder = parent

    def _package_tsconfig(self, package: str) -> str:
        try:
            manifest = json.loads(self._fs.read_text(os.path.join(package, "package.json")))
        except (OSError, ValueError):
            return NAME
        named = manifest.get("tsconfig") if isinstance(manifest, dict) else None
        return named if isinstance(named, str) else NAME

    def _error(self, file: str, text: str | None, message: str, byte_range: tuple[int, int] | None = None) -> TsConfigError:
        return TsConfigError([make_diagnostic("TSCONFIG", message, self._display(file), text,
                                              byte_range if text is not None else None,
                                              hint="esbuild and tsc read this file too: fix it, or remove it.")])


def match_paths(paths: dict[str, list[str]], specifier: str) -> list[str]:
    """The targets ``paths`` maps ``specifier`` to, ``*`` filled in: an exact key first, else
    the pattern with the longest prefix (TypeScript's rule); [] when none matches."""
    if specifier in paths and "*" not in specifier:
        return list(paths[specifier])
    best, best_prefix, star = None, -1, ""
    for pattern in paths:
        prefix, wildcard, suffix = pattern.partition("*")
        if not wildcard or "*" in suffix:
            continue
        if specifier.startswith(prefix) and specifier.endswith(suffix) and len(specifier) >= len(prefix) + len(suffix):
            if len(prefix) > best_prefix:
                best, best_prefix, star = pattern, len(prefix), specifier[len(prefix) : len(specifier) - len(suffix)]
    return [t.replace("*", star, 1) for t in paths[best]] if best is not None else []


def _merge(base: TsConfig, own: TsConfig) -> TsConfig:
    """``own``'s options over ``base``'s, one option at a time."""
    return TsConfig(own.file, {**base.options, **own.options},
                    own.base_url if own.base_url is not None else base.base_url,
                    own.paths or base.paths, own.paths_base if own.paths else base.paths_base)


def _string_range(text: str, value: str) -> tuple[int, int] | None:
    quoted = json.dumps(value)
    index = text.find(quoted)  # the config's own text (JSON), to point the frame at the value
    if index < 0:
        return None
    start = len(text[:index].encode())
    return start, start + len(quoted.encode())


def parse_jsonc(text: str, name: str) -> Any:
    """JSON with ``//`` and ``/* */`` comments and trailing commas, as tsconfig files are.

    Comments and trailing commas become spaces (newlines kept), so a JSON error's position is
    the file's own.
    """
    out = list(text)
    index, size = 0, len(text)
    last_value = -1  # the index of the last comma outside strings and comments, if nothing came after it
    while index < size:
        char = text[index]
        if char == '"':
            end = index + 1
            while end < size and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            index = end + 1
            last_value = -1
            continue
        if char == "/" and text.startswith("//", index):
            end = text.find("\n", index)
            end = size if end < 0 else end
            out[index:end] = " " * (end - index)
            index = end
            continue
        if char == "/" and text.startswith("/*", index):
            end = text.find("*/", index + 2)
            end = size if end < 0 else end + 2
            out[index:end] = [c if c in "\r\n" else " " for c in text[index:end]]
            index = end
            continue
        if char == ",":
            last_value = index
        elif char in "}]" and last_value >= 0:
            out[last_value] = " "
            last_value = -1
        elif not char.isspace():
            last_value = -1
        index += 1
    cleaned = "".join(out)
    try:
        return json.loads(cleaned) if cleaned.strip() else {}
    except json.JSONDecodeError as error:
        start = len(text[: error.pos].encode())
        raise TsConfigError([make_diagnostic("TSCONFIG", f"Invalid JSON: {error.msg}", name, text, (start, start + 1),
                                             hint="tsconfig.json is JSON; comments and trailing commas are allowed.")]
                            ) from None
