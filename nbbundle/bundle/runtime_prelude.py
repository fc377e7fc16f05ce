"""The runtime prelude: the JS runtime in ``js/`` as one classic script.

The runtime is written as ES modules so it can be tested with ``node --test`` and imported by
the widget, but the CLI's single-file bundle is a classic script (it must run from a plain
``<script>`` and as ``node OUT.js``), and a classic script cannot ``import``. So the files
reachable from ``js/prelude.js`` are concatenated, dependencies first, inside one IIFE, after
their ``import`` lines are removed and their ``export`` keywords stripped. That is a text
transform, not a bundler, and it is only correct because the runtime files keep these rules:

* imports are single-line and relative: ``import { a, b } from "./x.js";``
* exports are ``export function|class|const|let`` declarations; no ``export default``, no
  ``export { ... }`` lists
* top-level names are unique across all the files (they share one scope in the IIFE)
* no top-level side effects, except in ``prelude.js``, which runs last

:func:`runtime_prelude` checks the rules it can see and raises ``ValueError`` when a file
breaks one, so a runtime change cannot silently produce a broken bundle.

Both scripts also come minified (``compile/minify/``: white space, comments, the names local
to the prelude's function or to the widget's module). The wheel ships them prebuilt in
``js/dist/`` (``hatch_build.py`` writes them when the package is built; the readable sources
stay in ``js/``): a minified build's prelude and the widget's ``_esm`` are those files. From a
source checkout, without them, a minified build minifies the prelude once per process and the
widget sends the readable ``_esm``.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from nbbundle.bundle.assets import js_dir

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

#: The runtime file the prelude starts from; it installs the module system.
PRELUDE_ENTRY = "prelude.js"
#: The widget's front end; it exports ``initialize`` and ``render`` for anywidget.
WIDGET_ENTRY = "widget.js"

# Each pattern starts a line by matching its "\n" (the text searched gets one in front): a
# pattern that begins with text is searched for that text, where a ``^`` of ``re.MULTILINE``
# tries every position (a regular expression per character of 85 KB, four times a build).
# The line break before an import line is what goes with it.
_IMPORT_LINE = re.compile(
    r"""\nimport\s+[\w$\s{},*]+?\s+from\s+"\./(?P<file>[\w.-]+\.js)";[ \t]*(?=\n|$)""",
)
_EXPORT_KEYWORD = re.compile(r"\nexport (?=(?:async )?function\b|class\b|const\b|let\b)")
_LEFT_OVER_MODULE_SYNTAX = re.compile(r"\n(?:import|export)\b.*")
_TOP_LEVEL_NAME = re.compile(r"\n(?:export )?(?:async )?(?:function\*?|class|const|let|var)\s+(?P<name>[\w$]+)")


#: Where the wheel keeps the minified scripts, under ``js/``.
PREBUILT = "dist"
PRELUDE_MINIFIED = "prelude.min.js"
WIDGET_MINIFIED = "widget.min.js"


def _prebuilt(name: str) -> str | None:
    path = js_dir() / PREBUILT / name
    return path.read_bytes().decode() if path.is_file() else None  # as written: no newline translation


@functools.cache
def minified_prelude() -> str:
    """The runtime prelude minified: the wheel's prebuilt copy, else minified now."""
    return _minified(PRELUDE_MINIFIED, runtime_prelude, module=False)


@functools.cache
def minified_widget_esm() -> str:
    """The widget's ``_esm`` minified (its module's names are its own: ``export default`` reads them)."""
    return _minified(WIDGET_MINIFIED, readable_widget_esm, module=True)


def _minified(prebuilt_name: str, readable: Callable[[], str], *, module: bool) -> str:
    prebuilt = _prebuilt(prebuilt_name)
    if prebuilt is not None:
        return prebuilt
    from nbbundle.compile.minify import minify_module

    parts, _ = minify_module(readable(), module=module)
    return "".join(parts)


@functools.cache
def runtime_prelude() -> str:
    """Return the JS runtime as one classic script that installs the module system.

    Returns
    -------
    str
        ``(function () { "use strict"; ... })();`` with the runtime files in dependency order.
        Running it defines ``globalThis[acquisition name]`` (``__acquire_farm_module_system__``
        unless ``globalThis.__farm_module_system_acquisition_name__`` says otherwise).

    Raises
    ------
    ValueError
        If a runtime file breaks one of the concatenation rules in the module docstring.
    """
    return f'(function () {{\n"use strict";\n{concatenate(PRELUDE_ENTRY)}}})();\n'


def widget_esm() -> str:
    """The widget's ``_esm``: the wheel's minified copy when there is one (it is sent with every
    widget model and saved in the notebook), else the readable one (a source checkout)."""
    prebuilt = _prebuilt(WIDGET_MINIFIED)
    return prebuilt if prebuilt is not None else readable_widget_esm()


@functools.cache
def readable_widget_esm() -> str:
    """The widget's front end (``js/widget.js`` and the runtime it imports) as one ES module.

    anywidget evaluates ``_esm`` from a blob URL, where relative imports cannot resolve, so it
    gets the same concatenation as the prelude, ending in the default export anywidget reads.
    """
    return f"{concatenate(WIDGET_ENTRY)}export default {{ initialize, render }};\n"


def concatenate(entry: str) -> str:
    """The runtime files reachable from ``entry``, dependencies first, module syntax removed."""
    parts = []
    seen_names: dict[str, str] = {}
    for path, text in _files_in_dependency_order(js_dir(), entry):
        body = _strip_module_syntax(path, text)
        for match in _TOP_LEVEL_NAME.finditer("\n" + body):
            name = match["name"]
            if name in seen_names:
                msg = (
                    f"Runtime files {seen_names[name]} and {path.name} both declare the "
                    f"top-level name {name!r}; the prelude puts them in one scope, so rename one."
                )
                raise ValueError(msg)
            seen_names[name] = path.name
        parts.append(f"// --- {path.name} ---\n{body.rstrip()}\n\n")
    return "".join(parts)


def _files_in_dependency_order(directory: Path, entry: str) -> list[tuple[Path, str]]:
    """Return the runtime files reachable from ``entry``, each after the files it imports, with
    its text without the import lines (read and searched once: every build of the CLI
    concatenates the prelude)."""
    ordered: list[tuple[Path, str]] = []
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in done:
            return
        if name in visiting:
            # Hoisting would make a cycle work in ESM, but not every top-level `const` would be
            # initialized in time after concatenation; keep the runtime acyclic.
            msg = f"Runtime files import each other in a cycle: {' -> '.join((*chain, name))}"
            raise ValueError(msg)
        visiting.add(name)
        path = directory / name
        with open(path, "rb") as stream:  # no text layer: the newline translation is undone below
            text = stream.read().decode()
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")  # as ``read_text`` reads it
        text = "\n" + text
        kept, start = [], 0  # the text without its import lines, in the same pass
        for match in _IMPORT_LINE.finditer(text):
            visit(match["file"], (*chain, name))
            kept.append(text[start:match.start()])
            start = match.end()
        kept.append(text[start:])
        visiting.discard(name)
        done.add(name)
        ordered.append((path, "".join(kept)[1:]))

    visit(entry, ())
    return ordered


def _strip_module_syntax(path: Path, text: str) -> str:
    """Return ``text``, the file ``path``'s without its import lines, without ``export`` keywords
    (and make sure no other module syntax is left)."""
    text = _EXPORT_KEYWORD.sub("\n", "\n" + text)
    left_over = _LEFT_OVER_MODULE_SYNTAX.search(text)
    if left_over is not None:
        msg = (
            f"{path.name} uses module syntax the runtime prelude cannot inline: "
            f"{left_over.group(0).strip()!r}. Use single-line relative imports and "
            "`export function|class|const|let` declarations only."
        )
        raise ValueError(msg)
    return text[1:]
