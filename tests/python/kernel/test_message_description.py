"""The view protocol is described once (kernel/messages.py); every other description is made
from it or kept to it: the runtime's types, ARCHITECTURE.md's tables, the kernel's checks and
its Python types."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args, get_type_hints

from nbbundle.kernel import protocol
from nbbundle.kernel.messages import (
    ERROR_PHASES,
    KERNEL_MESSAGES,
    MARK_BEGIN,
    MARK_END,
    RUNNING,
    TYPES,
    VIEW_MESSAGES,
    architecture_tables,
    runtime_types,
)

CHECKOUT = Path(__file__).resolve().parents[3]


def test_the_runtimes_types_are_generated_from_the_description() -> None:
    assert (CHECKOUT / "js" / "protocol.js").read_text(encoding="utf-8") == runtime_types(), (
        "regenerate: python -m nbbundle.kernel.messages --js > js/protocol.js")


def test_architecture_md_tables_are_generated_from_the_description() -> None:
    text = (CHECKOUT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = text[text.index(MARK_BEGIN):text.index(MARK_END) + len(MARK_END)]
    assert block == architecture_tables(), "regenerate: python -m nbbundle.kernel.messages --architecture"


def test_the_kernel_checks_each_view_message_by_its_description() -> None:
    assert protocol.VIEW_MESSAGE_TYPES == {message.type for message in VIEW_MESSAGES}
    for message in VIEW_MESSAGES:
        base = {"type": message.type, "view": "view-0001"}
        for field in message.fields:
            # A message without one of its required fields is refused, naming the field.
            if field.required:
                try:
                    protocol.read_view_message(base)
                except protocol.InvalidMessage as error:
                    assert str(error).startswith(f"{message.type}: missing ")
                else:
                    raise AssertionError(f"{message.type} without its fields was accepted")
        # A field the description does not name is refused.
        try:
            protocol.read_view_message({**base, "unknownField": 1})
        except protocol.InvalidMessage as error:
            assert "unknown field" in str(error) or "missing" in str(error)
        else:
            raise AssertionError(f"{message.type} took a field it does not have")


def test_the_kernels_python_types_have_the_described_fields() -> None:
    typed = {"update": protocol.UpdateMessage, "error": protocol.ErrorMessage,
             "custom": protocol.CustomMessage, "resync": protocol.ResyncMessage}
    assert set(typed) == {message.type for message in KERNEL_MESSAGES}
    for message in KERNEL_MESSAGES:
        hints = get_type_hints(typed[message.type])
        assert set(hints) == {"type"} | {field.name for field in message.fields}, message.type
        assert get_args(hints["type"]) == (message.type,)
    assert get_args(protocol.ErrorPhase) == ERROR_PHASES
    assert get_args(protocol.Running) == RUNNING
    for name in ("ViewError", "BundleState"):
        described = re.findall(r"(\w+)\??:", TYPES[name])  # the field names of `{ a: T, b?: U }`
        assert list(get_type_hints(getattr(protocol, name))) == described, name
