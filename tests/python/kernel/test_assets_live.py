"""Assets in a live view: inline ``data:`` URLs (they load behind any base URL and from saved
widget state without a kernel), hot updates when the file changes, and bounds on their size."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import pytest

from nbbundle.kernel.environment import Environment

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(30))
APP = ('import logo from "./logo.png";\n'
       'export function render({ el }) { el.innerHTML = `<img src="${logo}">`; }\n')


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Environment]:
    (tmp_path / "logo.png").write_bytes(PNG)
    environment = Environment(root=tmp_path)
    yield environment
    environment.close()


def data_url(data: bytes, media: str = "image/png") -> str:
    return f"data:{media};base64,{base64.b64encode(data).decode()}"


def show(environment: Environment, app: str = APP) -> list[dict[str, Any]]:
    result = environment.define("app.js", app)
    assert result.status == "defined", result.diagnostics
    sent: list[dict[str, Any]] = []
    environment.widget("app.js").send = sent.append  # type: ignore[method-assign]
    if environment.watcher is not None:
        environment.watcher.stop()  # these tests call refresh_files themselves (test_file_watch covers it)
    return sent


def test_an_image_travels_inline_in_the_synced_bundle(env: Environment) -> None:
    show(env)
    widget = env.widgets["app.js"]
    bundle = widget._bundle  # what a view opened later, or the saved notebook, renders from
    assert data_url(PNG) in str(bundle)


def test_an_image_edited_on_disk_hot_updates_the_view(env: Environment, tmp_path: Path) -> None:
    sent = show(env)
    (tmp_path / "logo.png").write_bytes(PNG + b"new")
    (result,) = env.refresh_files()
    assert (result.name, result.status) == ("logo.png", "updated")
    (update,) = sent
    assert data_url(PNG + b"new") in update["modules"]["logo.png"]
    assert data_url(PNG + b"new") in str(env.widgets["app.js"]._bundle)


def test_an_asset_defined_from_python(env: Environment) -> None:
    assert env.define("pic.webp", base64.b64encode(b"RIFFxxxxWEBP").decode(), asset=True).status == "defined"
    assert env.define("note.txt", base64.b64encode("café\n".encode()).decode(), asset=True).status == "defined"
    show(env, 'import pic from "./pic.webp";\nimport note from "./note.txt?raw";\n'
              "export function render({ el }) { el.title = note; el.style.backgroundImage = `url(${pic})`; }\n")
    assert data_url(b"RIFFxxxxWEBP", "image/webp") in env.rendered["pic.webp"]
    assert '"caf\\u00e9\\n"' in env.rendered["note.txt?raw"]
    with pytest.raises(ValueError, match="extension of its file"):
        env.define("logo.js", "", asset=True)


def test_a_large_asset_warns_and_a_huge_one_is_refused_keeping_the_last_good_version(
        env: Environment, tmp_path: Path) -> None:
    sent = show(env)
    (tmp_path / "logo.png").write_bytes(PNG + bytes(2 << 20))
    (result,) = env.refresh_files()
    assert result.status == "updated"
    assert [w.code for w in result.warnings] == ["LARGE_ASSET"]
    good = env.rendered["logo.png"]
    (tmp_path / "logo.png").write_bytes(bytes(50 << 20))
    (result,) = env.refresh_files()
    assert result.status == "error"
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "ASSET_TOO_LARGE" and "50.0 MB" in diagnostic.message
    assert env.rendered["logo.png"] == good, "the last good version must stay"
    assert len(sent) == 2  # the good update, then the error for the overlay: no 50 MB message
    assert len(str(sent[1])) < 10_000


def test_a_missing_asset_names_the_import(env: Environment) -> None:
    result = env.define("app.js", 'import x from "./nope.png";\nexport function render() {}\n')
    assert result.status in ("pending", "error")
    (diagnostic,) = result.diagnostics
    assert (diagnostic.line, diagnostic.column) == (1, 14)
    assert 'import x from "./nope.png";' in diagnostic.frame
