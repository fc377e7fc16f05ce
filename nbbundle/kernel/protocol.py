"""The messages between the kernel and the widget's views, and the check of every message a view
sends (``read_view_message``).

The messages are described once, in ``messages.py`` (fields, types, meanings), from which
``js/protocol.js`` and ARCHITECTURE.md's tables are generated; the ``TypedDict``s here type the
kernel's side for Python (a test keeps them to that description).

Nothing from the browser is trusted: a front end may be buggy, old or hostile, and a notebook
may be opened by anyone who can reach the kernel's websocket. Every view → kernel message is
checked against its shape here (types, known keys only, sizes) before anything reads it; a
message that does not fit raises ``InvalidMessage`` with a one-line reason, which the widget
logs once and ignores. Long texts (error messages) are cut, not refused: an app's own error may
be long, and its first lines are what a user reads.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, NotRequired, Protocol, TypedDict

from nbbundle.kernel.cells import UNSAFE_CHARACTER
from nbbundle.kernel.messages import ERROR_PHASES, RUNNING, VIEW_FIELD, VIEW_MESSAGES

if TYPE_CHECKING:
    from nbbundle.compile.errors import Diagnostic


class BundleState(TypedDict):
    """The synced ``_bundle`` trait: everything a view needs to mount the current version."""

    entry: str
    version: int
    modules: dict[str, str]
    maps: NotRequired[dict[str, str]]
    error: dict[str, Any] | None


class BoundaryMessage(TypedDict):
    kind: Literal["self", "dep", "entry"]
    boundary: str
    acceptedVia: str
    chain: list[str]
    isWithinCircularImport: bool


class UpdateMessage(TypedDict):
    type: Literal["update"]
    version: int
    modules: dict[str, str]
    maps: dict[str, str]
    removed: list[str]
    updates: list[BoundaryMessage]
    reload: str | None
    firstInvalidatedBy: str | None


class ErrorMessage(TypedDict, total=False):
    type: Literal["error"]
    version: int
    error: dict[str, Any]
    view: str
    """Set when the error concerns one view only (a frame for what that view reported)."""


class CustomMessage(TypedDict):
    type: Literal["custom"]
    event: str
    data: Any


class ResyncMessage(TypedDict, total=False):
    type: Literal["resync"]
    view: str
    """The view it answers: it remounts from the re-sent ``_bundle``..."""
    version: int
    """...unless it is already at ``version`` (set when answering a ``ready`` for an older one)."""


KernelMessage = UpdateMessage | ErrorMessage | CustomMessage | ResyncMessage


#: ``messages.ERROR_PHASES`` and ``messages.RUNNING``, as types.
ErrorPhase = Literal["init", "accept", "dispose", "prune", "render", "listener", "evaluate", "entry"]
Running = Literal["current", "previous", "mixed", "none"]
PHASES: frozenset[str] = frozenset(ERROR_PHASES)


class ViewError(TypedDict):
    phase: ErrorPhase
    id: str | None
    line: int | None
    column: int | None
    revision: int | None
    """The widget version whose code of ``id`` threw (from the ``sourceURL``): the kernel frames
    the error with that version's text, not the newest one (a dispose callback is old code)."""
    message: str


class InvalidMessage(ValueError):  # noqa: N818 (a ValueError, named for what it is)
    """A view sent something that is not a message of the protocol."""


# -- limits --------------------------------------------------------------------------------------

VIEW_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
MAX_ID_LENGTH = 1024
MAX_IDS = 10_000
MAX_ERRORS = 16
MAX_TEXT = 2_000
MAX_EVENT_LENGTH = 256
MAX_CUSTOM_BYTES = 8 * 1024 * 1024
MAX_VERSION = 2**53


def read_view_message(content: object) -> dict[str, Any]:
    """``content`` checked against the protocol: a new dict with only known, well-typed keys.

    Raises ``InvalidMessage`` saying what is wrong. Error texts longer than ``MAX_TEXT`` are cut.
    """
    if not isinstance(content, dict):
        raise InvalidMessage(f"a message is an object, not {type(content).__name__}")
    kind = content.get("type")
    fields = _SHAPES.get(kind) if isinstance(kind, str) else None
    if fields is None:
        raise InvalidMessage(f"unknown message type {_short(kind)}")
    unknown = [key for key in content if key != "type" and key not in fields]
    if unknown:
        raise InvalidMessage(f"{kind}: unknown field {_short(unknown[0])}")
    message: dict[str, Any] = {"type": kind}
    for key, (check, required) in fields.items():
        if key not in content:
            if required:
                raise InvalidMessage(f"{kind}: missing {key}")
            continue
        try:
            message[key] = check(content[key])
        except InvalidMessage as error:
            raise InvalidMessage(f"{kind}.{key}: {error}") from None
    return message


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _view_id(value: object) -> str:
    if not isinstance(value, str) or len(value) > 64 or not VIEW_ID.fullmatch(value):
        raise InvalidMessage("not a view id")
    return value


def _integer(value: object, *, low: int = 0, high: int = MAX_VERSION) -> int:
    # bool is an int in Python, never in the protocol.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidMessage(f"not an integer in [{low}, {high}]")
    return value


def _version(value: object) -> int:
    return _integer(value, low=-1)


def _optional_integer(value: object) -> int | None:
    return None if value is None else _integer(value, high=10**9)


def _ms(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise InvalidMessage("not a duration")
    return float(min(value, 10**9))


def _module_id(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_ID_LENGTH or UNSAFE_CHARACTER.search(value):
        raise InvalidMessage("not a module id")
    return value


def _optional_module_id(value: object) -> str | None:
    return None if value is None else _module_id(value)


def _module_ids(value: object) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_IDS:
        raise InvalidMessage(f"not a list of at most {MAX_IDS} module ids")
    return [_module_id(item) for item in value]


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidMessage("not a string")
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _running(value: object) -> str:
    if value not in RUNNING:
        raise InvalidMessage(f"not one of {sorted(RUNNING)}")
    return str(value)


def _error(value: object) -> ViewError:
    if not isinstance(value, dict):
        raise InvalidMessage("an error is an object")
    unknown = set(value) - ViewError.__annotations__.keys()
    if unknown:
        raise InvalidMessage(f"unknown error field {_short(sorted(unknown)[0])}")
    if value.get("phase") not in PHASES:
        raise InvalidMessage("unknown error phase")
    return ViewError(phase=value["phase"], id=_optional_module_id(value.get("id")),
                     line=_optional_integer(value.get("line")), column=_optional_integer(value.get("column")),
                     revision=_optional_integer(value.get("revision")), message=_text(value.get("message", "")))


def _errors(value: object) -> list[ViewError]:
    if not isinstance(value, list) or len(value) > MAX_ERRORS:
        raise InvalidMessage(f"not a list of at most {MAX_ERRORS} errors")
    return [_error(item) for item in value]


def _hot(value: object) -> dict[str, dict[str, Any]]:
    """``{id: {self: bool, deps: [id], exports: [name] | null}}``: what ``hot.accept*`` registered."""
    if not isinstance(value, dict) or len(value) > MAX_IDS:
        raise InvalidMessage(f"not an object of at most {MAX_IDS} modules")
    out = {}
    for module_id, facts in value.items():
        if not isinstance(facts, dict) or set(facts) != {"self", "deps", "exports"} or not isinstance(facts["self"], bool):
            raise InvalidMessage("hot facts are {self, deps, exports}")
        exports = facts["exports"]
        if exports is not None and (not isinstance(exports, list) or len(exports) > MAX_IDS
                                    or not all(isinstance(name, str) and len(name) <= MAX_ID_LENGTH for name in exports)):
            raise InvalidMessage("exports is a list of names or null")
        out[_module_id(module_id)] = {"self": facts["self"], "deps": _module_ids(facts["deps"]),
                                      "exports": None if exports is None else list(exports)}
    return out


def _event(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_EVENT_LENGTH:
        raise InvalidMessage("not an event name")
    return value


def _data(value: object) -> Any:
    try:
        size = len(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError, RecursionError):
        raise InvalidMessage("not JSON data") from None
    if size > MAX_CUSTOM_BYTES:
        raise InvalidMessage(f"{size:,} bytes of data (at most {MAX_CUSTOM_BYTES:,})")
    return value


Check = Callable[[object], Any]
#: How each field of a view → kernel message is checked: by its name, the same in every message.
_CHECKS: dict[str, Check] = {
    "view": _view_id, "version": _version, "ms": _ms, "errors": _errors, "running": _running,
    "executed": _module_ids, "hot": _hot, "ids": _module_ids, "error": _error, "id": _module_id,
    "message": _optional_text, "firstInvalidatedBy": _optional_module_id, "event": _event, "data": _data,
}
_SHAPES: dict[str, dict[str, tuple[Check, bool]]] = {
    message.type: {field.name: (_CHECKS[field.name], field.required) for field in (VIEW_FIELD, *message.fields)}
    for message in VIEW_MESSAGES
}
VIEW_MESSAGE_TYPES: frozenset[str] = frozenset(_SHAPES)


class WidgetHost(Protocol):
    """What a widget asks of the environment that made it (``Environment`` is one).

    A protocol, so that ``widget.py`` does not import ``environment.py``, which creates widgets.
    """

    @property
    def listeners(self) -> dict[str, list[Callable[[Any], None]]]: ...

    def record_executed(self, ids: list[str], hot: dict[str, dict[str, Any]]) -> None: ...

    def view_error_diagnostic(self, error: ViewError, source: str | None, entry: str) -> Diagnostic: ...

    def propagate_invalidate(self, widget: Any, module_id: str, first_invalidated_by: str | None) -> None: ...
