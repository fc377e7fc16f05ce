"""Stylesheets in a live view: an ``@import``ed file's edit updates the importing style in place,
and a CSS Module's edit keeps its class names (the view keeps its classes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nbbundle.compile.stylesheets import scoped_class
from nbbundle.kernel.environment import Environment

if TYPE_CHECKING:
    from pathlib import Path


def show(env: Environment, app: str) -> list[dict[str, Any]]:
    result = env.define("app.js", app)
    assert result.status == "defined", result.diagnostics
    sent: list[dict[str, Any]] = []
    env.widget("app.js").send = sent.append  # type: ignore[method-assign]
    if env.watcher is not None:
        env.watcher.stop()
    return sent


def test_an_imported_stylesheet_edit_updates_the_importing_style_in_place(tmp_path: Path) -> None:
    env = Environment(root=tmp_path)
    assert env.define("base.css", ".a { color: red }\n").status == "defined"
    assert env.define("style.css", '@import "./base.css" screen;\n.b { color: blue }\n').status == "defined"
    sent = show(env, 'import "./style.css";\nexport function render({ el }) { el.className = "a b"; }\n')
    assert env.define("base.css", ".a { color: green }\n").status == "updated"
    (update,) = sent
    assert set(update["modules"]) == {"base.css?inline"}
    assert "color: green" in update["modules"]["base.css?inline"]
    # style.css accepts itself: it runs again and replaces its <style>; the app is not remounted.
    assert [(u["kind"], u["boundary"], u["chain"]) for u in update["updates"]] == \
        [("self", "style.css", ["base.css?inline", "style.css"])]
    env.close()


def test_a_css_module_edit_keeps_its_class_names(tmp_path: Path) -> None:
    env = Environment(root=tmp_path)
    assert env.define("card.module.css", ".card { color: red }\n").status == "defined"
    sent = show(env, 'import styles from "./card.module.css";\n'
                     "export function render({ el }) { el.className = styles.card; }\n")
    before = env.rendered["card.module.css"]
    assert env.define("card.module.css", ".card { color: green; padding: 2px }\n").status == "updated"
    after = env.rendered["card.module.css"]
    name = scoped_class("card.module.css", "card")
    assert f'"{name}"' in before and f'"{name}"' in after and "green" in after
    (update,) = sent
    assert "card.module.css" in update["modules"]
    env.close()


def test_an_import_cycle_keeps_the_last_good_version(tmp_path: Path) -> None:
    env = Environment(root=tmp_path)
    assert env.define("a.css", ".a { color: red }\n").status == "defined"
    assert env.define("b.css", '@import "./a.css";\n').status == "defined"
    show(env, 'import "./b.css";\nexport function render() {}\n')
    good = env.rendered["b.css"]
    result = env.define("a.css", '@import "./b.css";\n.a { color: red }\n')
    assert result.status == "error"
    assert any(d.code == "CSS_IMPORT_CYCLE" and d.line == 1 and d.frame for d in result.diagnostics)
    assert env.rendered["b.css"] == good
    env.close()


def test_an_image_a_css_rule_uses_updates_that_style_in_place(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG one")
    env = Environment(root=tmp_path)
    assert env.define("style.css", ".logo { background: url(./logo.png) }\n").status == "defined"
    sent = show(env, 'import "./style.css";\nexport function render({ el }) { el.className = "logo"; }\n')
    (tmp_path / "logo.png").write_bytes(b"\x89PNG two")
    (result,) = env.refresh_files()
    assert (result.name, result.status) == ("logo.png?url", "updated")
    (update,) = sent
    assert [(u["kind"], u["boundary"], u["chain"]) for u in update["updates"]] == \
        [("self", "style.css", ["logo.png?url", "style.css"])]  # the style re-runs; the app is not remounted
    env.close()
