"""Files next to the notebook that cells import: an edit on disk hot-updates the views."""

from __future__ import annotations

import os
import shutil
import time
from typing import TYPE_CHECKING, Any

import pytest

from nbbundle.kernel.environment import Environment

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
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


def test_a_typescript_file_is_compiled_and_hot_updated_like_a_javascript_one(tmp_path: Path) -> None:
    # `./util.js` names util.ts (TypeScript's rule), and the edit on disk goes through the pre-pass.
    (tmp_path / "util.ts").write_text("export function greet(): string { return 'hello'; }\n")
    environment = Environment(root=tmp_path)
    try:
        sent = show(environment)
        (tmp_path / "util.ts").write_text("export function greet(): string { return 'hallo'; }\n")
        (result,) = environment.refresh_files()
        assert (result.name, result.status) == ("util.ts", "updated")
        assert sent[-1]["modules"]["util.ts"].count("'hallo'") == 1
        assert ": string" not in sent[-1]["modules"]["util.ts"]
    finally:
        environment.close()


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


# -- the watcher itself: real files on disk, real watchfiles, polled with a deadline ---------------

LIB_APP = ('import { greet } from "./lib/util.js";\nimport { name } from "./name.js";\n'
           "export function render({ el }) { el.textContent = greet() + name; }\n")


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Environment, list[dict[str, Any]]]]:
    """An app that imports ``lib/util.js`` and ``name.js`` from disk, shown: both folders watched."""
    pytest.importorskip("watchfiles", reason="watchfiles is what notices file changes")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "util.js").write_text("export function greet() { return 'v1'; }\n")
    (tmp_path / "name.js").write_text("export const name = '!';\n")
    environment = Environment(root=tmp_path)
    environment.define("app.js", LIB_APP)
    sent: list[dict[str, Any]] = []
    environment.widget("app.js").send = sent.append  # type: ignore[method-assign]
    assert environment._watched_folders() == {tmp_path, tmp_path / "lib"}
    yield environment, sent
    environment.close()


def greeting(version: str) -> str:
    return f"export function greet() {{ return '{version}'; }}\n"


def wait_until(condition: Callable[[], bool], what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds:.0f} s")
        time.sleep(0.02)


def wait_for_greeting(sent: list[dict[str, Any]], version: str) -> None:
    """Until a view got an update of lib/util.js whose code returns ``version``."""
    def arrived() -> bool:
        return any(m["type"] == "update" and f"'{version}'" in m["modules"].get("lib/util.js", "") for m in list(sent))
    wait_until(arrived, f"no update with {version!r} reached the view")


def test_the_watcher_picks_up_an_edit_on_its_own(env: Environment, tmp_path: Path) -> None:
    pytest.importorskip("watchfiles", reason="watchfiles is what notices file changes")
    sent = show(env)
    (tmp_path / "util.js").write_text("export function greet() { return 'hola'; }\n")
    wait_until(lambda: bool(sent), "no update after the edit")
    assert "hola" in sent[0]["modules"]["util.js"]


def test_edits_after_the_folder_is_deleted_and_made_again_still_update(
        watched: tuple[Environment, list[dict[str, Any]]], tmp_path: Path) -> None:
    env, sent = watched
    lib = tmp_path / "lib"
    wait_until(lambda: env.watcher is not None and env.watcher.rounds >= 1, "the watch did not start")
    rounds = env.watcher.rounds  # type: ignore[union-attr]
    shutil.rmtree(lib)
    # The watch notices (a new round on the folders left) before the folder comes back.
    wait_until(lambda: env.watcher.rounds > rounds, "the watch did not notice the deleted folder")  # type: ignore[union-attr]
    assert sent == [], "a deleted file keeps its last good version: nothing is sent"
    lib.mkdir()
    (lib / "util.js").write_text(greeting("v2"))
    wait_for_greeting(sent, "v2")
    (lib / "util.js").write_text(greeting("v3"))
    wait_for_greeting(sent, "v3")
    (tmp_path / "name.js").write_text("export const name = '?';\n")  # the other folder still updates
    wait_until(lambda: any("'?'" in m["modules"].get("name.js", "") for m in list(sent)), "no update of name.js")


def test_a_folder_deleted_and_restored_at_once_still_updates(
        watched: tuple[Environment, list[dict[str, Any]]], tmp_path: Path) -> None:
    env, sent = watched
    lib = tmp_path / "lib"
    shutil.rmtree(lib)  # as `git checkout` or `rm -rf lib && cp -r ...`: no pause in between
    lib.mkdir()
    (lib / "util.js").write_text(greeting("v2"))
    wait_for_greeting(sent, "v2")
    (lib / "util.js").write_text(greeting("v3"))
    wait_for_greeting(sent, "v3")


def test_a_folder_renamed_away_and_replaced_is_watched_anew(
        watched: tuple[Environment, list[dict[str, Any]]], tmp_path: Path) -> None:
    env, sent = watched
    lib = tmp_path / "lib"
    lib.rename(tmp_path / "lib.old")
    replacement = tmp_path / "lib.new"
    replacement.mkdir()
    (replacement / "util.js").write_text(greeting("v2"))
    replacement.rename(lib)
    wait_for_greeting(sent, "v2")
    (tmp_path / "lib.old" / "util.js").write_text(greeting("stale"))  # the old folder no longer counts
    (lib / "util.js").write_text(greeting("v3"))
    wait_for_greeting(sent, "v3")
    assert not any("'stale'" in m["modules"].get("lib/util.js", "") for m in sent if m["type"] == "update")


def test_a_folder_renamed_away_and_back_still_updates(
        watched: tuple[Environment, list[dict[str, Any]]], tmp_path: Path) -> None:
    env, sent = watched
    lib = tmp_path / "lib"
    lib.rename(tmp_path / "lib.bak")
    (tmp_path / "lib.bak").rename(lib)
    (lib / "util.js").write_text(greeting("v2"))
    wait_for_greeting(sent, "v2")


def test_atomic_saves_update_every_time(watched: tuple[Environment, list[dict[str, Any]]], tmp_path: Path) -> None:
    """Editors save by writing a temporary file and renaming it over the original."""
    env, sent = watched
    target = tmp_path / "lib" / "util.js"
    for version in ("v2", "v3", "v4"):
        temporary = target.with_name(f".util.js.{version}.tmp")
        temporary.write_text(greeting(version))
        os.replace(temporary, target)
        wait_for_greeting(sent, version)


def test_a_file_deleted_and_written_again_updates(
        watched: tuple[Environment, list[dict[str, Any]]], tmp_path: Path) -> None:
    env, sent = watched
    target = tmp_path / "lib" / "util.js"
    target.unlink()
    target.write_text(greeting("v2"))
    wait_for_greeting(sent, "v2")
    target.unlink()
    target.with_name("util.renamed.js").write_text(greeting("v3"))
    target.with_name("util.renamed.js").rename(target)  # renamed into place
    wait_for_greeting(sent, "v3")


def test_quick_writes_never_show_a_half_written_file(
        watched: tuple[Environment, list[dict[str, Any]]], tmp_path: Path) -> None:
    """A tool that writes a file in pieces, 200 times in a row: views never see a piece."""
    env, sent = watched
    target = tmp_path / "lib" / "util.js"
    for n in range(200):
        text = greeting(f"w{n}") + "".join(f"export const pad{i} = {i};\n" for i in range(50))
        with open(target, "w", encoding="utf-8") as stream:  # truncates, then two writes
            stream.write(text[:40])
            stream.flush()
            stream.write(text[40:])
    wait_for_greeting(sent, "w199")
    errors = [m["error"]["message"] for m in list(sent) if m["type"] == "error"]
    assert errors == [], errors


def test_a_file_that_stays_broken_is_reported_once_it_is_no_longer_young(
        watched: tuple[Environment, list[dict[str, Any]]], tmp_path: Path) -> None:
    env, sent = watched
    (tmp_path / "lib" / "util.js").write_text("export function greet( { return 'v2'; }\n")
    wait_until(lambda: any(m["type"] == "error" for m in list(sent)), "the error never reached the views")
    assert "lib/util.js" in env.failed
