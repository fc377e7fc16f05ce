"""Files next to the notebook that cells import: an edit on disk hot-updates the views."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest

from nbbundle.kernel.environment import Environment

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

APP = 'import { greet } from "./util.js";\nexport function render({ el }) { el.textContent = greet(); }\n'


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Environment]:
    (tmp_path / "util.js").write_text("export function greet() { return 'hello'; }\n")
    environment = Environment(root=tmp_path)
    yield environment
    environment.close()


def show(environment: Environment) -> list[dict[str, Any]]:
    environment.define("app.js", APP)
    sent: list[dict[str, Any]] = []
    environment.widget("app.js").send = sent.append  # type: ignore[method-assign]
    return sent


def test_a_changed_file_is_sent_like_a_changed_cell(env: Environment, tmp_path: Path) -> None:
    sent = show(env)
    (tmp_path / "util.js").write_text("export function greet() { return 'bonjour'; }\n")
    (result,) = env.refresh_files()
    assert (result.name, result.status) == ("util.js", "updated")
    (update,) = sent
    assert list(update["modules"]) == ["util.js"]
    assert "bonjour" in update["modules"]["util.js"]
    assert [u["kind"] for u in update["updates"]] == ["entry"]


def test_an_unchanged_file_sends_nothing(env: Environment) -> None:
    sent = show(env)
    assert env.refresh_files() == []
    assert sent == []


def test_a_broken_file_shows_the_error_and_keeps_the_last_good_version(env: Environment, tmp_path: Path) -> None:
    sent = show(env)
    good = env.rendered["util.js"]
    (tmp_path / "util.js").write_text("export function greet( {\n")
    env.refresh_files()
    assert sent[-1]["type"] == "error"
    assert sent[-1]["error"]["id"] == "util.js"
    assert env.rendered["util.js"] == good
    (tmp_path / "util.js").write_text("export function greet() { return 'fixed'; }\n")
    env.refresh_files()
    assert sent[-1]["type"] == "update"
    assert "fixed" in sent[-1]["modules"]["util.js"]


def test_packages_in_node_modules_are_not_watched(env: Environment, tmp_path: Path) -> None:
    package = tmp_path / "node_modules" / "pkg"
    package.mkdir(parents=True)
    (package / "package.json").write_text('{"name": "pkg", "exports": "./index.js"}')
    (package / "index.js").write_text("export const x = 1;\n")
    env.define("app.js", 'import { x } from "pkg";\nimport "./util.js";\nexport function render({ el }) { el.textContent = x; }\n')
    env.widget("app.js")
    assert env._watched_folders() == {tmp_path}


def test_the_watcher_picks_up_an_edit_on_its_own(env: Environment, tmp_path: Path) -> None:
    pytest.importorskip("watchfiles", reason="watchfiles is what notices file changes")
    sent = show(env)
    time.sleep(0.3)  # let the watch start before the edit
    (tmp_path / "util.js").write_text("export function greet() { return 'hola'; }\n")
    deadline = time.monotonic() + 10
    while not sent and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sent, "no update within 10 s of the edit"
    assert "hola" in sent[0]["modules"]["util.js"]
