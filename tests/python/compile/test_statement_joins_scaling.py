"""Where an edit could join two statements is found by one walk down the tree, not one per edit.

Counted, not timed: the nodes the joins' walk enters (``StatementJoins._path``) while a module
compiles, at two sizes ten times apart. Nested JSX with the automatic runtime makes one
``(0, ns.jsx)(…)`` call per element, each nested in the one before: asked from the root for
each, the walk entered the square of the depth (2,000 levels: 1.0 s, 65× the time of 200).
"""

from __future__ import annotations

import pytest

from nbbundle.compile.javascript import statement_joins
from nbbundle.compile.transform import transform


class CountingPath(list):
    entered = 0

    def append(self, node: object) -> None:
        CountingPath.entered += 1
        super().append(node)


def entered(monkeypatch: pytest.MonkeyPatch, module_id: str, source: str, kind: str) -> int:
    original = statement_joins.StatementJoins.__init__

    def counting(self: statement_joins.StatementJoins, root: object) -> None:
        original(self, root)
        self._path = CountingPath(self._path)

    CountingPath.entered = 0
    with monkeypatch.context() as patch:
        patch.setattr(statement_joins.StatementJoins, "__init__", counting)
        transform(module_id, source, kind)
    return CountingPath.entered


def nested_jsx(n: int) -> str:
    return "const v = 1;\nexport const tree = " + "<div a={v}>" * n + "{v}" + "</div>" * n + ";\n"


def calls_without_semicolons(n: int) -> str:
    # in a function: the program's own statements are found by their start, with no walk
    return 'import { f } from "./f.js"\nlet o = 1\nexport function g() {\n' + "  f(o)\n" * n + "}\n"


@pytest.mark.parametrize(("shape", "kind"), [(nested_jsx, "tsx"), (calls_without_semicolons, "js")])
def test_ten_times_the_edits_enter_at_most_twelve_times_the_nodes(shape, kind: str,  # noqa: ANN001
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    small = entered(monkeypatch, f"small.{kind}", shape(100), kind)
    large = entered(monkeypatch, f"large.{kind}", shape(1_000), kind)
    assert small > 0
    assert large <= 12 * small, (small, large)
