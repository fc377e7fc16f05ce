"""``read_view_message`` field by field: each bad value is refused with its exact reason.

The widget logs the reason once and ignores the message (test_view_protocol.py); here every
check is tested on its own, at its limits, so that weakening one (an ``or`` that becomes an
``and``, a limit off by one) fails a test.
"""

from __future__ import annotations

from typing import Any

import pytest

from nbbundle.kernel.protocol import MAX_ID_LENGTH, MAX_IDS, InvalidMessage, read_view_message

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
