"""The one description of the messages between the kernel and the widget's views.

Every message, both ways, with its fields, their types (written as TypeScript types, the form
the JSDoc of ``js/`` reads) and what it means. The other descriptions are made from this one:

* ``protocol.py`` checks each view → kernel message against these fields (``read_view_message``;
  a field's check is chosen by its name, so a field means the same in every message);
* ``js/protocol.js``, the types the runtime's JSDoc imports, is generated from it
  (``python -m nbbundle.kernel.messages --js > js/protocol.js``);
* ARCHITECTURE.md's tables of messages are generated from it
  (``python -m nbbundle.kernel.messages --architecture`` rewrites them in place).

A test checks that both files are current and that ``protocol.py``'s ``TypedDict``s of the
kernel's messages have these fields.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: str
    """A TypeScript type, as JSDoc writes it."""
    required: bool = True


@dataclass(frozen=True, slots=True)
class Message:
    type: str
    fields: tuple[Field, ...]
    meaning: str


#: Where in a view something failed: a module's top level, a ``hot.accept``/``dispose``/``prune``
#: callback, the entry's ``render``, a ``hot.on`` listener, evaluating the sent code at all, or
#: an entry that does not follow the convention (no ``render`` to call).
ERROR_PHASES = ("init", "accept", "dispose", "prune", "render", "listener", "evaluate", "entry")
#: What a view runs after an update or a mount: the new version, still what the previous one
#: drew (the new one failed before replacing it), parts of both (a callback stopped part way),
#: or nothing (the app is not running).
RUNNING = ("current", "previous", "mixed", "none")


def _union(values: tuple[str, ...]) -> str:
    return " | ".join(f'"{value}"' for value in values)


#: The types the messages share, by name (each becomes a JSDoc ``@typedef``).
TYPES: dict[str, str] = {
    "BundleState": ("{ entry: string, version: number, modules: Record<string, string>, "
                    "maps?: Record<string, string>, error: Diagnostic | null }"),
    "Diagnostic": ("{ code?: string, message: string, id: string | null, line: number | null, "
                   "column: number | null, frame?: string, hint?: string | null }"),
    "BoundaryMessage": ('{ kind: "self" | "dep" | "entry", boundary: string, acceptedVia: string, chain: string[], '
                        "isWithinCircularImport: boolean }"),
    "ErrorPhase": _union(ERROR_PHASES),
    "ViewError": ("{ phase: ErrorPhase, id: string | null, line: number | null, column: number | null, "
                  "revision: number | null, message: string }"),
    "Running": _union(RUNNING),
    "HotFacts": "{ self: boolean, deps: string[], exports: string[] | null }",
}

#: Kernel → view: custom messages (``{type: …}``).
KERNEL_MESSAGES = (
    Message("update", (
        Field("version", "number"), Field("modules", "Record<string, string>"),
        Field("maps", "Record<string, string>"), Field("removed", "string[]"),
        Field("updates", "BoundaryMessage[]"), Field("reload", "string | null"),
        Field("firstInvalidatedBy", "string | null")),
        "apply in order: `modules` added or changed (id → init function text; `maps`: id → its source map, "
        "for the modules that have one), `removed` pruned; "
        "`chain` = modules from a changed module up to `acceptedVia`, re-executed; `reload`: remount, and why"),
    Message("error", (Field("version", "number"), Field("error", "Diagnostic"), Field("view", "string", required=False)),
            "a cell failed to compile (all views: overlay, keep running); with `view`: the frame for "
            "what that view reported"),
    Message("resync", (Field("view", "string"), Field("version", "number", required=False)),
            "after the kernel re-sent `_bundle`, to that view (its `resync`, or a `ready` for another version "
            "than the kernel's): remount from the synced state; with `version`, not if already there"),
    Message("custom", (Field("event", "string"), Field("data", "unknown")),
            "`import.meta.hot.on(event)` listeners"),
)

_OUTCOME = (Field("version", "number"), Field("ms", "number"), Field("errors", "ViewError[]"),
            Field("running", "Running"), Field("executed", "string[]"), Field("hot", "Record<string, HotFacts>"))

#: View → kernel (``model.send``); every message has ``view``, the view's random id.
VIEW_MESSAGES = (
    Message("hello", (Field("version", "number"),), "the view starts mounting: it counts as live from now on"),
    Message("ready", _OUTCOME,
            "mounted that version (counts for reports up to it it was expected in), with what the mount ran and "
            "registered (as in `applied`); if it is not the kernel's version (a host that replays the first state "
            "to a reloaded page: marimo), the kernel answers with `_bundle` and `resync`"),
    Message("alive", (), "heartbeat, every `_heartbeat_ms` (synced from the kernel's `views.HEARTBEAT_S`)"),
    Message("closed", (), "the view is gone (render cleanup, `pagehide`, or the kernel went away)"),
    Message("executed", (Field("ids", "string[]"), Field("hot", "Record<string, HotFacts>")),
            "modules this view ran outside an update or mount (a lazy `import()`), or registrations made later "
            "(an `accept()` in a click handler), or what an update ran before it waited for a macrotask; "
            "batched at the next macrotask"),
    Message("applied", _OUTCOME,
            "an update was applied, or where it failed (`errors`, by phase); `executed`: modules it ran for the "
            "first time (or again after a prune), `hot`: what the instances it created registered with "
            "`import.meta.hot` (so an update costs one message, not two; the kernel records these before the "
            "outcome); the kernel answers errors with a framed `error` for that view"),
    Message("runtime-error", (Field("error", "ViewError"), Field("running", "Running")),
            "a `hot.on` listener threw outside an update"),
    Message("invalidate", (Field("version", "number"), Field("id", "string"),
                           Field("message", "string | null", required=False),
                           Field("firstInvalidatedBy", "string | null", required=False)),
            "`import.meta.hot.invalidate()`"),
    Message("custom", (Field("event", "string"), Field("data", "unknown", required=False)),
            "`import.meta.hot.send(event, data)` → Python callbacks"),
    Message("resync", (Field("version", "number"),), "the view missed an update; the kernel re-sends the full state"),
)
#: The field every view → kernel message carries first.
VIEW_FIELD = Field("view", "string")


def _object(message: Message, *, view: bool = False) -> str:
    fields = [f'type: "{message.type}"', *([f"view: {VIEW_FIELD.type}"] if view else [])]
    fields += [f"{field.name}{'' if field.required else '?'}: {field.type}" for field in message.fields]
    return "{ " + ", ".join(fields) + " }"


def runtime_types() -> str:
    """The text of ``js/protocol.js``."""
    lines = ["// Generated by `python -m nbbundle.kernel.messages --js > js/protocol.js` from",
             "// nbbundle/kernel/messages.py, the one description of the messages between the kernel and",
             "// the widget's views (nbbundle/kernel/protocol.py checks every view → kernel message against",
             "// it; ARCHITECTURE.md's tables say what each one means): edit that, not this.",
             "", "/**"]
    lines += [f" * @typedef {{{text}}} {name}" for name, text in TYPES.items()]
    for message in KERNEL_MESSAGES:
        lines.append(f" * @typedef {{{_object(message)}}} {_kernel_name(message)}")
    lines.append(f" * @typedef {{{' | '.join(map(_kernel_name, KERNEL_MESSAGES))}}} KernelMessage")
    views = [_object(message, view=True) for message in VIEW_MESSAGES]
    lines += [f" * @typedef {{{views[0]}", *(f" *   | {view}" for view in views[1:])]
    lines[-1] += "} ViewMessage"
    lines += [" */", "", "export {};", ""]
    return "\n".join(lines)


def _kernel_name(message: Message) -> str:
    return "".join(part.capitalize() for part in message.type.split("-")) + "Message"


def architecture_tables() -> str:
    """ARCHITECTURE.md's tables of messages (between the ``MESSAGES`` markers)."""
    out = [MARK_BEGIN, "Kernel → view (custom messages, `{type: …}`):", "", "| type | fields | meaning |", "|---|---|---|"]
    out += [_row(message) for message in KERNEL_MESSAGES]
    out += ["", "View → kernel (`model.send`; every message has `view`, the view's random id):", "",
            "| type | fields | meaning |", "|---|---|---|"]
    out += [_row(message) for message in VIEW_MESSAGES]
    out += ["", "The types they share:", "", "| name | type |", "|---|---|"]
    out += [_table_row(f"`{name}`", f"`{text}`") for name, text in TYPES.items()]
    out.append(MARK_END)
    return "\n".join(out)


def _row(message: Message) -> str:
    fields = ", ".join(f"`{field.name}{'' if field.required else '?'}: {field.type}`" for field in message.fields)
    return _table_row(f"`{message.type}`", fields, message.meaning)


def _table_row(*cells: str) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


MARK_BEGIN = "<!-- MESSAGES: generated by `python -m nbbundle.kernel.messages --architecture` from kernel/messages.py -->"
MARK_END = "<!-- /MESSAGES -->"


def rewrite_architecture(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = text.index(MARK_BEGIN), text.index(MARK_END) + len(MARK_END)
    path.write_text(text[:start] + architecture_tables() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--js"]:
        sys.stdout.write(runtime_types())
    elif sys.argv[1:] == ["--architecture"]:
        rewrite_architecture(Path(__file__).resolve().parents[2] / "ARCHITECTURE.md")
    else:
        sys.exit("usage: python -m nbbundle.kernel.messages --js | --architecture")
