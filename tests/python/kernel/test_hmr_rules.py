"""Vite's HMR rules in the notebook: boundaries from what views registered when they ran,
``acceptExports`` judged against the version views run, pruning without spurious remounts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from view_helpers import View

from nbbundle.kernel.environment import Environment

if TYPE_CHECKING:
    from pathlib import Path

APP = 'import { value } from "./value.js";\nexport function render({ el }) { el.textContent = value; }\n'


@pytest.fixture
def env(tmp_path: Path) -> Any:
    environment = Environment(root=tmp_path)
    yield environment
    environment.close()


def shown(env: Environment, entry: str = "app.js", hot: dict[str, dict[str, Any]] | None = None
          ) -> tuple[Any, list[dict[str, Any]], View]:
    """The entry shown in one view, whose ``ready`` reports ``hot`` as what its modules registered."""
    widget = env.widget(entry)
    sent: list[dict[str, Any]] = []
    widget.send = sent.append  # type: ignore[method-assign]
    return widget, sent, View(widget).mount(executed=list(hot or {}), hot=hot)


def facts(*, self: bool = False, deps: list[str] | None = None, exports: list[str] | None = None) -> dict[str, Any]:
    return {"self": self, "deps": deps or [], "exports": exports}


def boundaries(message: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(u["kind"], u["boundary"], u["acceptedVia"]) for u in message["updates"]]


def test_an_accept_in_the_text_that_never_ran_is_no_boundary(env: Environment) -> None:
    env.define("value.js", 'export const value = 1;\nif (globalThis.never) import.meta.hot.accept();\n')
    env.define("app.js", APP)
    # The text says self-accepting; the view's mount reports what actually registered: nothing.
    _, sent, _ = shown(env, hot={"app.js": facts(), "value.js": facts()})
    env.define("value.js", 'export const value = 2;\nif (globalThis.never) import.meta.hot.accept();\n')
    assert boundaries(sent[-1]) == [("entry", "app.js", "app.js")]


def test_an_accept_registered_at_run_time_is_a_boundary(env: Environment) -> None:
    env.define("value.js", "export const value = 1;\n")
    env.define("app.js", APP)
    # e.g. render() calls import.meta.hot.accept("./value.js", …): the text has no such call.
    _, sent, _ = shown(env, hot={"app.js": facts(deps=["value.js"])})
    env.define("value.js", "export const value = 2;\n")
    assert boundaries(sent[-1]) == [("dep", "app.js", "value.js")]


def test_a_registration_made_after_the_mount_counts_from_its_own_executed_report(env: Environment) -> None:
    env.define("value.js", "export const value = 1;\n")
    env.define("app.js", APP)
    _, sent, view = shown(env, hot={"app.js": facts(), "value.js": facts()})
    # e.g. a click handler calls import.meta.hot.accept("./value.js", …) long after render().
    view.say("executed", ids=[], hot={"app.js": facts(deps=["value.js"])})
    env.define("value.js", "export const value = 2;\n")
    assert boundaries(sent[-1]) == [("dep", "app.js", "value.js")]


def test_what_an_update_registered_comes_with_its_applied_report(env: Environment) -> None:
    env.define("value.js", "export const value = 1;\nimport.meta.hot.accept();\n")
    env.define("app.js", APP)
    _, sent, view = shown(env, hot={"app.js": facts(), "value.js": facts(self=True)})
    # The new text still says accept(); the view ran it and its accept() did not register.
    env.define("value.js", "export const value = 2;\nif (globalThis.never) import.meta.hot.accept();\n")
    assert boundaries(sent[-1]) == [("self", "value.js", "value.js")]
    view.applied(sent[-1]["version"], executed=[], hot={"value.js": facts()})
    env.define("value.js", "export const value = 3;\nif (globalThis.never) import.meta.hot.accept();\n")
    assert boundaries(sent[-1]) == [("entry", "app.js", "app.js")]


def test_accept_exports_is_judged_against_the_version_the_views_run(env: Environment) -> None:
    partial = 'export const value = 1;\nexport const other = 1;\nimport.meta.hot.acceptExports(["value"]);\n'
    env.define("value.js", partial)
    env.define("app.js", 'import { other } from "./value.js";\nexport function render({ el }) { el.textContent = other; }\n')
    _, sent, view = shown(env, hot={"app.js": facts(), "value.js": facts(exports=["value"])})
    # The new text accepts every export; the views still run the version that accepts "value"
    # only, and app.js uses "other": app.js must update too.
    env.define("value.js", 'export const value = 2;\nexport const other = 1;\nimport.meta.hot.acceptExports(["value", "other"]);\n')
    assert boundaries(sent[-1]) == [("self", "value.js", "value.js"), ("entry", "app.js", "app.js")]
    # Once the views report what the new version registered (with the update), it accepts itself.
    view.applied(sent[-1]["version"], hot={"value.js": facts(exports=["value", "other"])})
    env.define("value.js", 'export const value = 3;\nexport const other = 1;\nimport.meta.hot.acceptExports(["value", "other"]);\n')
    assert boundaries(sent[-1]) == [("self", "value.js", "value.js")]


@pytest.mark.parametrize("from_disk", [False, True])
def test_dropping_the_only_import_of_a_module_prunes_it_without_a_remount(env: Environment, tmp_path: Path,
                                                                          from_disk: bool) -> None:
    if from_disk:
        (tmp_path / "fmt.js").write_text("export const f = (n) => `#${n}`;\n")
    else:
        env.define("fmt.js", "export const f = (n) => `#${n}`;\n")
    env.define("value.js", 'import { f } from "./fmt.js";\nexport const value = f(1);\nimport.meta.hot.accept();\n')
    env.define("app.js", APP)
    _, sent, _ = shown(env)
    env.define("value.js", "export const value = 'plain';\nimport.meta.hot.accept();\n")
    update = sent[-1]
    assert (update["reload"], update["removed"], boundaries(update)) == (None, ["fmt.js"], [("self", "value.js", "value.js")])
    if not from_disk:
        env.remove("fmt.js")
        assert sent[-1] is update, "removing a module no view runs sends nothing"
    else:
        (tmp_path / "fmt.js").unlink()
        env.refresh_files({tmp_path / "fmt.js"})
        assert sent[-1] is update
