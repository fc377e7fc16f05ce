"""Reading a notebook file without a kernel: its module cells, what it shows, its saved state.

``python -m nbbundle export`` needs what a kernel would have built from the notebook: the
``%%module NAME`` cells (and literal ``nbbundle.define``/``nbbundle.data``/``nbbundle.asset`` calls), which entry
the notebook shows (``%%module X --show``, ``nbbundle.show("X")`` under any alias, ``%nbbundle
show X``) and the widget state saved in its metadata. Module names come from users and end up
as file names, so names that could escape the output folder are refused here.
"""

from __future__ import annotations

import ast
import base64
import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nbbundle.compile.errors import NbbundleError
from nbbundle.compile.kinds import KIND_BY_SUFFIX, SCRIPT_KINDS

if TYPE_CHECKING:
    from collections.abc import Callable

    from nbbundle.compile.options import CompileOptions, Mode

    from nbbundle.kernel.environment import Environment

#: The names a page's entry may have: a script's (a cell is never CommonJS).
ENTRY_SUFFIXES = tuple(suffix for suffix, kind in KIND_BY_SUFFIX.items() if kind in SCRIPT_KINDS and kind != "cjs")
#: Synced traits of every DOMWidget/AnyWidget that are not the app's state.
WIDGET_TRAITS = frozenset({"layout", "tabbable", "tooltip", "keys", "log", "comm"})


class UnsafeModuleName(ValueError):  # noqa: N818 (a ValueError, named for what it refuses)
    """A module name that could make the export write outside its folder."""


class EntryChoiceError(ValueError):  # noqa: N818
    """The entry could not be decided: no candidate, several, or not a defined module."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


def check_site_name(name: str, where: str = "", *, asset: bool = False) -> str:
    """Refuse module names that break the one rule for module names (``check_name``): absolute
    paths, ``..``, ``./``, ``//``, drive letters, backslashes, control characters. Returns ``name``.
    With ``asset`` (``nbbundle.asset("logo.png", …)``), the same rules and a file's extension.
    """
    from nbbundle.kernel.cells import check_name

    try:
        check_name(name)
    except ValueError as error:
        try:
            if not asset:
                raise
            check_name(name, asset=True)
        except ValueError:
            place = f" ({where})" if where else ""
            msg = (f"Refusing the module name {name!r}{place}: {error} Such a name could not be "
                   "imported, and could make the export write outside its output folder.")
            raise UnsafeModuleName(msg) from None
    return name




@dataclass
class NotebookSource:
    """What a notebook file defines and shows, read without a kernel."""

    path: Path
    modules: dict[str, str] = field(default_factory=dict)
    """Module name → text of its last definition, in the order of those definitions."""
    origins: dict[str, str] = field(default_factory=dict)
    """Module name → where it was defined (``cell 3``), for messages."""
    options: dict[str, CompileOptions | None] = field(default_factory=dict)
    """Module name → the ``%%module`` line's compile options (``--jsx …``)."""
    assets: set[str] = field(default_factory=set)
    """Names ``nbbundle.asset`` defined (their text is the bytes in base64)."""
    shown: list[str] = field(default_factory=list)
    """Entries the notebook shows, distinct, in order of appearance."""
    show_state: dict[str, dict[str, Any]] = field(default_factory=dict)
    saved_state: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Entry → the widget state saved in the notebook's metadata."""

    def state_for(self, entry: str) -> dict[str, Any]:
        return {**self.show_state.get(entry, {}), **self.saved_state.get(entry, {})}


def read_notebook(path: Path | str) -> NotebookSource:
    """Read the modules, the shown entries and saved widget states of an ``.ipynb`` file.

    Raises ``OSError``/``ValueError`` for unreadable or non-notebook files and
    ``UnsafeModuleName`` for a cell whose module name could escape the output folder.
    """
    path = Path(path)
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        msg = f"{path} is not a notebook (invalid JSON: {error})"
        raise ValueError(msg) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        msg = f"{path} is not a notebook (no cells)"
        raise ValueError(msg)
    source = NotebookSource(path)
    aliases = _Aliases()
    shown: dict[str, None] = {}
    for number, cell in enumerate(notebook["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        text = cell.get("source", "")
        text = "".join(text) if isinstance(text, list) else str(text)
        first, _, body = text.partition("\n")
        if first.strip().startswith("%%module"):
            name, show, options = _parse_module_line(first.strip(), number)
            _define(source, name, body, f"cell {number}")
            source.options[name] = options
            source.assets.discard(name)
            if show:
                shown.setdefault(name)
            continue
        for call in _python_calls(text, aliases):
            kind, name, value = call
            if kind == "show":
                shown.setdefault(name)
                if value:
                    source.show_state[name] = value
            else:
                _define(source, name, value, f"cell {number}", asset=kind == "asset")
                (source.assets.add if kind == "asset" else source.assets.discard)(name)
    source.shown = [name for name in shown if name in source.modules]
    source.saved_state = _saved_widget_states(notebook)
    return source


def _define(source: NotebookSource, name: str, text: str, where: str, *, asset: bool = False) -> None:
    check_site_name(name, where, asset=asset)
    source.modules.pop(name, None)  # the last definition's position counts
    source.modules[name] = text
    source.origins[name] = where


def _parse_module_line(line: str, number: int) -> tuple[str, bool, CompileOptions | None]:
    """``%%module NAME [--show] [--jsx …]`` read by the magic's own argument parser."""
    from IPython.core.error import UsageError
    from IPython.core.magic_arguments import parse_argstring

    from nbbundle.kernel.magics import NbbundleMagics, compile_options

    try:
        args = parse_argstring(NbbundleMagics.module, line[len("%%module"):])
    except (UsageError, ValueError) as error:
        msg = f"cell {number}: cannot read {line!r}: {error}"
        raise ValueError(msg) from None
    return args.name, bool(args.show), compile_options(args)


class _Aliases:
    """Names under which a notebook imported nbbundle and its functions."""

    def __init__(self) -> None:
        self.modules = {"nbbundle"}
        self.functions: dict[str, str] = {}

    def learn(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                self.modules.update(a.asname or a.name for a in node.names if a.name == "nbbundle")
            elif isinstance(node, ast.ImportFrom) and node.module == "nbbundle":
                self.functions.update((a.asname or a.name, a.name) for a in node.names)

    def function(self, func: ast.expr) -> str | None:
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.modules:
            return func.attr
        if isinstance(func, ast.Name):
            return self.functions.get(func.id)
        return None


def _python_calls(text: str, aliases: _Aliases) -> list[tuple[str, str, Any]]:
    """``("show", name, state)`` and ``("define", name, text)`` found in a Python cell."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        tree = ast.parse(TransformerManager().transform_cell(text))
    except (SyntaxError, ValueError):
        return []
    aliases.learn(tree)
    found: list[tuple[str, str, Any]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = _literal(node.args[0])
        if not isinstance(name, str):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "run_line_magic" and name == "nbbundle":
            words = _literal(node.args[1]) if len(node.args) > 1 else None
            parts = shlex.split(words) if isinstance(words, str) else []
            if len(parts) == 2 and parts[0] == "show":
                found.append(("show", parts[1], {}))
            continue
        called = aliases.function(func)
        if called == "show":
            state = {k.arg: _literal(k.value) for k in node.keywords if k.arg}
            found.append(("show", name, {k: v for k, v in state.items() if v is not _NOT_LITERAL}))
        elif called == "define" and len(node.args) > 1 and isinstance(_literal(node.args[1]), str):
            found.append(("define", name, _literal(node.args[1])))
        elif called == "data" and len(node.args) > 1 and _literal(node.args[1]) is not _NOT_LITERAL:
            found.append(("define", name, json.dumps(_literal(node.args[1]), indent=1)))
        elif called == "asset" and len(node.args) > 1 and isinstance(_literal(node.args[1]), (bytes, str)):
            data = _literal(node.args[1])
            data = data.encode() if isinstance(data, str) else data
            found.append(("asset", name, base64.b64encode(data).decode("ascii")))
    return found


_NOT_LITERAL = object()


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NOT_LITERAL


def _saved_widget_states(notebook: dict[str, Any]) -> dict[str, dict[str, Any]]:
    saved = notebook.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    states: dict[str, dict[str, Any]] = {}
    for model in (saved.get("state") or {}).values():
        state = model.get("state") if isinstance(model, dict) else None
        bundle = state.get("_bundle") if isinstance(state, dict) else None
        if isinstance(bundle, dict) and isinstance(bundle.get("entry"), str):
            states[bundle["entry"]] = {k: v for k, v in state.items()
                                       if not k.startswith("_") and k not in WIDGET_TRAITS}
    return states


def notebook_environment(source: NotebookSource, *, mode: Mode = "development",
                         defines: tuple[tuple[str, str], ...] = (),
                         asset_inline_limit: int | None = None, minify: bool = False) -> Environment:
    """A fresh environment rooted at the notebook's folder with every module defined.

    Cells may import modules defined further down, or each other: the environment links a cell
    that waits for another as soon as that one is defined. Raises ``NbbundleError`` with the
    diagnostics of the modules that fail, or still wait for a module nobody defines.
    """
    from nbbundle.kernel.environment import Environment

    environment = Environment(root=source.path.resolve().parent)
    environment.options.mode, environment.options.defines = mode, defines  # before anything compiles
    environment.options.asset_inline_limit = asset_inline_limit
    environment.options.minify = minify
    for name, text in source.modules.items():
        environment.define(name, text, source.options.get(name), asset=name in source.assets)
    diagnostics = [d for name in source.modules for d in environment.failed.get(name, [])]
    diagnostics += [d for waiting in environment.pending.values() for d in waiting.result.diagnostics]
    if diagnostics:
        raise NbbundleError(diagnostics)
    return environment


def choose_entry(source: NotebookSource, entry: str | None,
                 ask: Callable[[list[str], str], str] | None = None) -> str:
    """The entry to export: ``entry`` if given, else the one shown module, else ``ask(choices, why)``.

    Raises ``EntryChoiceError`` when it cannot decide and there is no one to ask.
    """
    scripts = [name for name in source.modules if name.endswith(ENTRY_SUFFIXES)]
    if entry is not None:
        if entry not in source.modules:
            msg = (f"{source.path.name} defines no module {entry!r}. "
                   f"Its modules: {', '.join(source.modules) or 'none'}.")
            raise EntryChoiceError(msg, scripts)
        return entry
    if len(source.shown) == 1:
        return source.shown[0]
    if source.shown:
        choices = source.shown
        why = f"{source.path.name} shows several modules: {', '.join(choices)}."
    else:
        choices = scripts
        why = f"{source.path.name} shows no module (no %%module NAME --show, nbbundle.show or %nbbundle show)."
    if not choices:
        msg = f"{source.path.name} defines no JavaScript module to export."
        raise EntryChoiceError(msg, [])
    if ask is not None:
        return ask(choices, why)
    msg = f"{why} Pass --entry NAME to choose one of: {', '.join(choices)}."
    raise EntryChoiceError(msg, choices)


