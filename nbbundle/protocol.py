"""The messages between the kernel and the widget's views. Types only, no logic.

Mirrored by ``js/protocol.js``; ARCHITECTURE.md has the table with what each one means.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict


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


KernelMessage = UpdateMessage | ErrorMessage | CustomMessage

ViewMessageType = Literal["ready", "closed", "executed", "applied", "runtime-error", "invalidate", "custom", "resync"]
