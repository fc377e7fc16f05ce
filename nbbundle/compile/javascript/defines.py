"""Compile-time constants: ``process.env.NODE_ENV``, ``import.meta.env`` and ``--define``.

Packages written for bundlers choose their build with ``process.env.NODE_ENV``: React's
``index.js`` is ``if (process.env.NODE_ENV === "production") … else …``, and a browser has no
``process``. It becomes the mode, as esbuild and Vite define it: ``"development"`` in a live
notebook (React's refresh needs React's development build) and for ``build``, ``"production"``
for ``build --mode production`` and ``export``. ``import.meta.env`` is Vite's (``MODE``, ``DEV``,
``PROD``, ``SSR``). ``--define KEY=VALUE`` (esbuild's) replaces any other global name or dotted
path. Only globals are replaced (the symbol table says which references have no declaration),
never a local or imported binding, and never the target of an assignment.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING

from nbbundle.compile.javascript.literals import identifier_name

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.javascript.symbols import Reference, SymbolTable
    from nbbundle.compile.options import CompileOptions
    from nbbundle.compile.text.edits import SourceEdits

PROCESS = b"process"
IMPORT_META_ENV_KEYS = ("MODE", "DEV", "PROD", "SSR")


class Defines:
    """What the module's compile options define: dotted global paths and ``import.meta.env``."""

    __slots__ = ("paths", "env", "roots")

    def __init__(self, paths: dict[tuple[str, ...], str], env: dict[str, str]) -> None:
        self.paths = paths
        """("process", "env", "NODE_ENV") → '"development"'; the longest matching path wins."""
        self.env = env
        """``import.meta.env.MODE`` … → their replacement text."""
        self.roots = frozenset(path[0].encode() for path in paths)
        """The global names a replacement starts from (the symbol table follows these)."""

    def env_object(self) -> str:
        """``import.meta.env`` itself, as Vite gives it: an object of the keys."""
        return "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in self.env.items()) + "}"


@functools.lru_cache(maxsize=64)
def defines_for(options: CompileOptions) -> Defines:
    """What ``options`` define (one record per options: a build compiles every module with the
    same ones, and this is read before each). Callers never change it."""
    production = options.mode == "production"
    mode = json.dumps(options.mode)
    paths: dict[tuple[str, ...], str] = {("process", "env", "NODE_ENV"): mode}
    for name, value in options.defines:
        paths[tuple(name.split("."))] = value
    env = {"MODE": mode, "DEV": json.dumps(not production), "PROD": json.dumps(production), "SSR": "false"}
    return Defines(paths, env)


class DefineError(ValueError):
    """A ``--define`` that esbuild would refuse (its message says why)."""


def parse_define(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` → (KEY, VALUE) as esbuild's ``--define`` reads it: KEY a dotted path of
    identifiers, VALUE a JSON value or a dotted path (``--define:DEBUG=false``,
    ``--define:process.env.API='"https://…"'``, ``--define:global=window``)."""
    key, sep, value = text.partition("=")
    if not sep:
        raise DefineError(f"--define {text!r}: expected KEY=VALUE, e.g. DEBUG=false")
    if not _is_dotted(key):
        raise DefineError(f"--define {text!r}: {key!r} is not a name or a dotted path of names")
    if not _is_dotted(value):
        try:
            json.loads(value)
        except ValueError:
            raise DefineError(f"--define {text!r}: the value must be JSON (quote strings: "
                              f"{key}='\"{value}\"') or a name") from None
    return key, value


def _is_dotted(text: str) -> bool:
    return bool(text) and all(part.isidentifier() for part in text.split("."))


def apply_defines(table: SymbolTable, references: list[Reference], defines: Defines,
                  edits: SourceEdits) -> dict[int, tuple[Node, str]]:
    """Replace every read of a defined path whose root is a global; returns the replaced
    nodes and their values by start offset (the dead-branch pass evaluates conditions with them)."""
    roots = defines.roots
    replaced: dict[int, tuple[Node, str]] = {}
    for reference in references:
        if reference.name not in roots or table.resolve(reference.name, reference.record) is not None:
            continue
        node = reference.node
        if node.type != "identifier":
            continue
        path = [identifier_name(reference.name)]
        best: tuple[Node, str] | None = None
        if tuple(path) in defines.paths:
            best = (node, defines.paths[tuple(path)])
        current = node
        while current.parent is not None and current.parent.type == "member_expression" \
                and current.parent.child_by_field_name("object") == current:
            name = _property(current.parent)
            if name is None:
                break
            current = current.parent
            path.append(name)
            if tuple(path) in defines.paths:
                best = (current, defines.paths[tuple(path)])
        if best is None or _assigned(best[0]):
            continue
        target, value = best
        edits.replace(target.start_byte, target.end_byte, _parenthesized(value))
        replaced[target.start_byte] = (target, value)
    return replaced


def import_meta_env(meta: Node, defines: Defines) -> tuple[Node, str] | None:
    """``import.meta.env`` or ``import.meta.env.KEY``: the node to replace and its text."""
    env = meta.parent
    if env is None or env.type != "member_expression" or env.child_by_field_name("object") != meta \
            or _property(env) != "env" or _assigned(env):
        return None
    key = env.parent
    if key is not None and key.type == "member_expression" and key.child_by_field_name("object") == env:
        name = _property(key)
        if name is not None and name in defines.env and not _assigned(key):
            return key, defines.env[name]
    return env, defines.env_object()


def _parenthesized(value: str) -> str:
    # A JSON object or a negative number keeps its meaning where the path stood (``x.y.z``
    # may sit before ``.`` or after ``-``).
    return f"({value})" if value[:1] in "{-" else value


def _assigned(node: Node) -> bool:
    parent = node.parent
    return parent is not None and parent.type in ("assignment_expression", "augmented_assignment_expression") \
        and parent.child_by_field_name("left") == node


def _property(member: Node) -> str | None:
    prop = member.child_by_field_name("property")
    return prop.text.decode() if prop is not None and prop.type == "property_identifier" and prop.text else None
