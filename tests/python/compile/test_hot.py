"""What the kernel reads from import.meta.hot calls before any view has run the module."""

from __future__ import annotations

import pytest

from nbbundle.compile.module import HotInfo
from nbbundle.compile.transform import transform


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import.meta.hot.accept();", HotInfo(self_accepting=True)),
        ("import.meta.hot?.accept((next) => next);", HotInfo(self_accepting=True)),
        ("import.meta.hot.accept('./a.js', () => {});", HotInfo(accepted_deps=("./a.js",))),
        ("import.meta.hot.accept(['./a.js', './b.js'], () => {});", HotInfo(accepted_deps=("./a.js", "./b.js"))),
        ("import.meta.hot.acceptExports(['x', 'y']);", HotInfo(accepted_exports=("x", "y"))),
        ("if (import.meta.hot) { import.meta.hot.dispose(() => {}); }", HotInfo()),
        ("const hot = import.meta.hot;\nhot?.accept('./a.js', () => {});", HotInfo(accepted_deps=("./a.js",))),
        ("const hot = import.meta.hot;\nif (hot) hot.accept();", HotInfo(self_accepting=True)),
        ("const hot = import.meta.hot;\nother.accept('./a.js');", HotInfo()),
        ("import.meta.hot.accept(/* c */ './a.js', () => {});", HotInfo(accepted_deps=("./a.js",))),
        ("import.meta.hot.accept(`./a.js`, () => {});", HotInfo(accepted_deps=("./a.js",))),
        ("import.meta.hot.accept([/* c */ './a.js', `./b.js`], () => {});", HotInfo(accepted_deps=("./a.js", "./b.js"))),
        ("import/**/.meta.hot.accept('./\\u0061.js', () => {});", HotInfo(accepted_deps=("./a.js",))),
        ("const hot = import.meta.hot;\nfunction f(hot) { hot.accept(); }", HotInfo()),
        ("function f() { const hot = import.meta.hot; hot.accept(); }\nhot.accept('./a.js');",
         HotInfo(self_accepting=True)),
    ],
    ids=["self", "self with callback", "one dep", "dep array", "exports", "dispose only",
         "dep through a variable", "self through a variable", "another object's accept",
         "comment before the dep", "template dep", "array with comments and templates", "escapes and comments",
         "a parameter shadows the variable", "a variable inside a function is not the global"],
)
def test_accept_calls_are_read_from_the_tree(source: str, expected: HotInfo) -> None:
    assert transform("m.js", source, package_type="module").hot == expected


def test_dependency_literals_become_slots_for_the_resolved_id() -> None:
    result = transform("m.js", "import.meta.hot.accept(['./a', `./b.js`], () => {});", package_type="module")
    assert result.slot_specifiers == ("./a", "./b.js")
    assert [record.specifier for record in result.hot_dependencies] == ["./a", "./b.js"]
