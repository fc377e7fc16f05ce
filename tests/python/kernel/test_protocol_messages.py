"""``read_view_message`` field by field: each bad value is refused with its exact reason.

The widget logs the reason once and ignores the message (test_view_protocol.py); here every
check is tested on its own, at its limits, so that weakening one (an ``or`` that becomes an
``and``, a limit off by one) fails a test.
"""

from __future__ import annotations

from typing import Any

import pytest

from nbbundle.kernel.protocol import (
    MAX_CUSTOM_BYTES,
    MAX_ERRORS,
    MAX_EVENT_LENGTH,
    MAX_ID_LENGTH,
    MAX_IDS,
    MAX_TEXT,
    MAX_VERSION,
    InvalidMessage,
    read_view_message,
)

VIEW = "view-0001"
NONE = {"self": False, "deps": [], "exports": None}


def executed(hot: object) -> dict[str, Any]:
    return {"type": "executed", "view": VIEW, "ids": ["a.js"], "hot": hot}


def refused(message: object) -> str:
    with pytest.raises(InvalidMessage) as caught:
        read_view_message(message)
    return str(caught.value)


def test_hot_facts_that_fit_are_read_as_sent() -> None:
    hot = {"a.js": {"self": True, "deps": ["b.js"], "exports": ["x", "y" * MAX_ID_LENGTH]},
           "b.js": NONE}
    assert read_view_message(executed(hot)) == {"type": "executed", "view": VIEW, "ids": ["a.js"], "hot": hot}
    many = {f"m{i}.js": NONE for i in range(MAX_IDS)}
    assert read_view_message(executed(many))["hot"] == many
    names = {"a.js": {"self": False, "deps": [], "exports": [f"e{i}" for i in range(MAX_IDS)]}}
    assert read_view_message(executed(names))["hot"] == names


@pytest.mark.parametrize("hot", [
    ["a.js"],  # a list, not an object
    "a.js",
    None,
    {f"m{i}.js": NONE for i in range(MAX_IDS + 1)},  # an object, one module too many
])
def test_hot_is_an_object_of_at_most_max_ids_modules(hot: object) -> None:
    assert refused(executed(hot)) == f"executed.hot: not an object of at most {MAX_IDS} modules"


@pytest.mark.parametrize("facts", [
    "self",  # not an object
    ["self", "deps", "exports"],
    {"self": True, "deps": []},  # a key missing
    {"self": True, "deps": [], "exports": None, "code": "alert(1)"},  # a key too many
    {"self": "yes", "deps": [], "exports": None},  # self is no boolean
    {"self": 1, "deps": [], "exports": None},
])
def test_hot_facts_are_exactly_self_deps_exports(facts: object) -> None:
    assert refused(executed({"a.js": facts})) == "executed.hot: hot facts are {self, deps, exports}"


@pytest.mark.parametrize("exports", [
    "x",  # not a list
    {"x": 1},
    [1],  # a name that is no string
    ["x", None],
    ["y" * (MAX_ID_LENGTH + 1)],  # a name too long
    ["x"] * (MAX_IDS + 1),  # too many names
])
def test_exports_are_a_list_of_names_or_null(exports: object) -> None:
    facts = {"self": False, "deps": [], "exports": exports}
    assert refused(executed({"a.js": facts})) == "executed.hot: exports is a list of names or null"


def test_the_modules_and_their_deps_are_module_ids() -> None:
    assert refused(executed({"a\nb.js": NONE})) == "executed.hot: not a module id"
    assert refused(executed({"a.js": {"self": True, "deps": [3], "exports": None}})) == "executed.hot: not a module id"


# -- every message type read as sent, with what is cut or made a float ---------------------

FULL_ERROR = {"phase": "accept", "id": "a.js", "line": 3, "column": 7, "revision": 2, "message": "TypeError: x"}


def test_a_full_error_is_read_field_by_field() -> None:
    message = {"type": "runtime-error", "view": VIEW, "error": FULL_ERROR, "running": "mixed"}
    assert read_view_message(message) == message


def test_an_error_with_only_its_phase_has_none_for_the_rest_and_an_empty_message() -> None:
    message = read_view_message({"type": "runtime-error", "view": VIEW, "error": {"phase": "init"}, "running": "none"})
    assert message["error"] == {"phase": "init", "id": None, "line": None, "column": None, "revision": None, "message": ""}
    nulls = {"phase": "render", "id": None, "line": None, "column": None, "revision": None, "message": "m"}
    assert read_view_message({"type": "runtime-error", "view": VIEW, "error": nulls, "running": "current"})["error"] == nulls


def test_every_phase_and_every_running_state_is_accepted() -> None:
    for phase in ("init", "accept", "dispose", "prune", "render", "listener", "evaluate"):
        error = {**FULL_ERROR, "phase": phase}
        assert read_view_message({"type": "runtime-error", "view": VIEW, "error": error, "running": "current"})["error"] == error
    for running in ("current", "previous", "mixed", "none"):
        assert read_view_message({"type": "runtime-error", "view": VIEW, "error": FULL_ERROR, "running": running})["running"] == running


def applied(**fields: object) -> dict[str, Any]:
    return {"type": "applied", "view": VIEW, "version": 2, "ms": 12, "errors": [], "running": "current",
            "executed": ["a.js"], "hot": {"a.js": NONE}, **fields}


def test_applied_and_ready_are_read_whole() -> None:
    errors = [FULL_ERROR, {**FULL_ERROR, "phase": "dispose", "id": "b.js"}]
    message = applied(errors=errors, running="mixed", ms=1.5)
    assert read_view_message(message) == message
    ready = {**applied(), "type": "ready"}
    assert read_view_message(ready) == {**ready, "ms": 12.0}
    assert type(read_view_message(applied(ms=12))["ms"]) is float


def test_durations_are_cut_at_a_billion_ms() -> None:
    assert read_view_message(applied(ms=10**9))["ms"] == 10**9
    assert read_view_message(applied(ms=10**12))["ms"] == 10**9
    assert read_view_message(applied(ms=0))["ms"] == 0.0


def test_a_long_error_message_is_cut_to_max_text_with_an_ellipsis() -> None:
    fits = {**FULL_ERROR, "message": "m" * MAX_TEXT}
    assert read_view_message(applied(errors=[fits]))["errors"][0]["message"] == "m" * MAX_TEXT
    long = {**FULL_ERROR, "message": "m" * (MAX_TEXT - 1) + "xyz"}
    assert read_view_message(applied(errors=[long]))["errors"][0]["message"] == "m" * (MAX_TEXT - 1) + "…"


def test_max_errors_fit_and_one_more_does_not() -> None:
    assert len(read_view_message(applied(errors=[FULL_ERROR] * MAX_ERRORS))["errors"]) == MAX_ERRORS
    assert refused(applied(errors=[FULL_ERROR] * (MAX_ERRORS + 1))) == f"applied.errors: not a list of at most {MAX_ERRORS} errors"


def test_the_other_messages_are_read_as_sent() -> None:
    for message in (
        {"type": "hello", "view": VIEW, "version": -1},
        {"type": "hello", "view": "v" * 64, "version": MAX_VERSION},
        {"type": "alive", "view": "a_b-C_d9"},
        {"type": "closed", "view": VIEW},
        {"type": "resync", "view": VIEW, "version": 0},
        {"type": "invalidate", "view": VIEW, "version": 3, "id": "a.js", "message": "why", "firstInvalidatedBy": "b.js"},
        {"type": "invalidate", "view": VIEW, "version": 3, "id": "a.js", "message": None, "firstInvalidatedBy": None},
        {"type": "custom", "view": VIEW, "event": "e" * MAX_EVENT_LENGTH, "data": {"list": [1, "two", None]}},
        {"type": "executed", "view": VIEW, "ids": ["a.js"] * MAX_IDS, "hot": {}},
    ):
        assert read_view_message(message) == message
    # Optional fields may be left out; the message then has none of them.
    assert read_view_message({"type": "invalidate", "view": VIEW, "version": 3, "id": "a.js"}) == {
        "type": "invalidate", "view": VIEW, "version": 3, "id": "a.js"}
    assert read_view_message({"type": "custom", "view": VIEW, "event": "e"}) == {"type": "custom", "view": VIEW, "event": "e"}
    invalidate = read_view_message({"type": "invalidate", "view": VIEW, "version": 3, "id": "a.js", "message": "x" * (MAX_TEXT + 5)})
    assert invalidate["message"] == "x" * (MAX_TEXT - 1) + "…"


def test_custom_data_up_to_the_limit_is_kept() -> None:
    # json.dumps of a string adds its two quotes.
    fits = "x" * (MAX_CUSTOM_BYTES - 2)
    assert read_view_message({"type": "custom", "view": VIEW, "event": "e", "data": fits})["data"] == fits
    assert refused({"type": "custom", "view": VIEW, "event": "e", "data": fits + "x"}) == (
        f"custom.data: {MAX_CUSTOM_BYTES + 1:,} bytes of data (at most {MAX_CUSTOM_BYTES:,})")


# -- each refusal, with its exact reason ----------------------------------------------------

LONG_TYPE = "t" * 100
REFUSALS = [
    ("not an object", "a message is an object, not str"),
    (["hello"], "a message is an object, not list"),
    ({"view": VIEW}, "unknown message type None"),
    ({"type": 3, "view": VIEW}, "unknown message type 3"),
    ({"type": ["hello"], "view": VIEW}, "unknown message type ['hello']"),
    ({"type": "shout", "view": VIEW}, "unknown message type 'shout'"),
    ({"type": LONG_TYPE}, f"unknown message type {repr(LONG_TYPE)[:57]}..."),
    ({"type": "t" * 58}, f"unknown message type {'t' * 58!r}"),  # 60 characters with its quotes: whole
    ({"type": "t" * 59}, f"unknown message type {repr('t' * 59)[:57]}..."),
    ({"type": "alive", "view": VIEW, "extra": 1, "more": 2}, "alive: unknown field 'extra'"),
    ({"type": "alive", "view": VIEW, "x" * 80: 1}, f"alive: unknown field {repr('x' * 80)[:57]}..."),
    ({"type": "alive"}, "alive: missing view"),
    ({"type": "hello", "view": VIEW}, "hello: missing version"),
    ({"type": "invalidate", "view": VIEW, "version": 1}, "invalidate: missing id"),
    # view ids: 8 to 64 characters of [A-Za-z0-9_-]
    ({"type": "alive", "view": "v" * 65}, "alive.view: not a view id"),
    ({"type": "alive", "view": "v" * 7}, "alive.view: not a view id"),
    ({"type": "alive", "view": "view 0001"}, "alive.view: not a view id"),
    ({"type": "alive", "view": 12345678}, "alive.view: not a view id"),
    # versions: integers in [-1, 2**53], never booleans
    ({"type": "hello", "view": VIEW, "version": -2}, f"hello.version: not an integer in [-1, {MAX_VERSION}]"),
    ({"type": "hello", "view": VIEW, "version": MAX_VERSION + 1}, f"hello.version: not an integer in [-1, {MAX_VERSION}]"),
    ({"type": "hello", "view": VIEW, "version": True}, f"hello.version: not an integer in [-1, {MAX_VERSION}]"),
    ({"type": "hello", "view": VIEW, "version": 1.0}, f"hello.version: not an integer in [-1, {MAX_VERSION}]"),
    ({"type": "hello", "view": VIEW, "version": "1"}, f"hello.version: not an integer in [-1, {MAX_VERSION}]"),
    # durations: finite, not negative, never booleans
    (applied(ms=-0.5), "applied.ms: not a duration"),
    (applied(ms=-1), "applied.ms: not a duration"),
    (applied(ms=float("inf")), "applied.ms: not a duration"),
    (applied(ms=float("nan")), "applied.ms: not a duration"),
    (applied(ms=True), "applied.ms: not a duration"),
    (applied(ms="12"), "applied.ms: not a duration"),
    (applied(ms=None), "applied.ms: not a duration"),
    # running states
    (applied(running="everything"), "applied.running: not one of ['current', 'mixed', 'none', 'previous']"),
    (applied(running=None), "applied.running: not one of ['current', 'mixed', 'none', 'previous']"),
    # errors
    (applied(errors="none"), f"applied.errors: not a list of at most {MAX_ERRORS} errors"),
    (applied(errors={"phase": "init"}), f"applied.errors: not a list of at most {MAX_ERRORS} errors"),
    (applied(errors=["boom"]), "applied.errors: an error is an object"),
    (applied(errors=[{**FULL_ERROR, "stack": "at x"}]), "applied.errors: unknown error field 'stack'"),
    (applied(errors=[{**FULL_ERROR, "zz": 1, "aa": 2}]), "applied.errors: unknown error field 'aa'"),
    (applied(errors=[{**FULL_ERROR, "phase": "evil"}]), "applied.errors: unknown error phase"),
    (applied(errors=[{"id": "a.js"}]), "applied.errors: unknown error phase"),
    (applied(errors=[{**FULL_ERROR, "id": ""}]), "applied.errors: not a module id"),
    (applied(errors=[{**FULL_ERROR, "line": -1}]), "applied.errors: not an integer in [0, 1000000000]"),
    (applied(errors=[{**FULL_ERROR, "line": 10**9 + 1}]), "applied.errors: not an integer in [0, 1000000000]"),
    (applied(errors=[{**FULL_ERROR, "column": "7"}]), "applied.errors: not an integer in [0, 1000000000]"),
    (applied(errors=[{**FULL_ERROR, "revision": False}]), "applied.errors: not an integer in [0, 1000000000]"),
    (applied(errors=[{**FULL_ERROR, "message": 3}]), "applied.errors: not a string"),
    (applied(errors=[{**FULL_ERROR, "message": None}]), "applied.errors: not a string"),
    # module ids: 1 to MAX_ID_LENGTH characters, no control characters or line separators
    (applied(executed=["a.js", ""]), "applied.executed: not a module id"),
    (applied(executed=["x" * (MAX_ID_LENGTH + 1)]), "applied.executed: not a module id"),
    (applied(executed=["a\u2028b.js"]), "applied.executed: not a module id"),
    (applied(executed=[None]), "applied.executed: not a module id"),
    (applied(executed="a.js"), f"applied.executed: not a list of at most {MAX_IDS} module ids"),
    (applied(executed=["a.js"] * (MAX_IDS + 1)), f"applied.executed: not a list of at most {MAX_IDS} module ids"),
    ({"type": "invalidate", "view": VIEW, "version": 1, "id": "a.js", "firstInvalidatedBy": ""},
     "invalidate.firstInvalidatedBy: not a module id"),
    ({"type": "invalidate", "view": VIEW, "version": 1, "id": "a.js", "message": 5}, "invalidate.message: not a string"),
    # custom events
    ({"type": "custom", "view": VIEW, "event": ""}, "custom.event: not an event name"),
    ({"type": "custom", "view": VIEW, "event": "e" * (MAX_EVENT_LENGTH + 1)}, "custom.event: not an event name"),
    ({"type": "custom", "view": VIEW, "event": 5}, "custom.event: not an event name"),
    ({"type": "custom", "view": VIEW, "event": "e", "data": float("nan")}, "custom.data: not JSON data"),
    ({"type": "custom", "view": VIEW, "event": "e", "data": {1, 2}}, "custom.data: not JSON data"),
]


@pytest.mark.parametrize(("message", "reason"), REFUSALS, ids=[reason for _, reason in REFUSALS])
def test_each_bad_message_is_refused_with_its_reason(message: object, reason: str) -> None:
    assert refused(message) == reason


def test_an_id_of_max_length_is_a_module_id() -> None:
    assert read_view_message(applied(executed=["x" * MAX_ID_LENGTH]))["executed"] == ["x" * MAX_ID_LENGTH]
