"""The messages between the kernel and the widget's views. Types only, no logic.

Mirrored by ``js/protocol.js``; ARCHITECTURE.md has the table with what each one means.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypedDict

if TYPE_CHECKING:
    from nbbundle.compile.errors import Diagnostic


class BundleState(TypedDict):
    """The synced ``_bundle`` trait: everything a view needs to mount the current version."""

    entry: str
    version: int
    modules: dict[str, str]
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
    removed: list[str]
    updates: list[BoundaryMessage]
    reload: str | None
    firstInvalidatedBy: str | None


class ErrorMessage(TypedDict):
    type: Literal["error"]
    version: int
    error: dict[str, Any]


class CustomMessage(TypedDict):
    type: Literal["custom"]
    event: str
    data: Any


class ResyncMessage(TypedDict):
    type: Literal["resync"]
    version: int


KernelMessage = UpdateMessage | ErrorMessage | CustomMessage | ResyncMessage

ViewMessageType = Literal["ready", "closed", "executed", "applied", "runtime-error", "invalidate", "custom", "resync"]


class ExecutedModules(Protocol):
    def mark_executed(self, ids: Collection[str]) -> None: ...


class WidgetHost(Protocol):
    """What a widget asks of the environment that made it (``Environment`` is one).

    A protocol, so that ``widget.py`` does not import ``environment.py``, which creates widgets.
    """

    @property
    def graph(self) -> ExecutedModules: ...

    @property
    def listeners(self) -> dict[str, list[Callable[[Any], None]]]: ...

    def runtime_error_diagnostic(self, module_id: str | None, line: int | None, column: int | None,
                                 message: str) -> Diagnostic: ...

    def propagate_invalidate(self, widget: Any, module_id: str, first_invalidated_by: str | None) -> None: ...
