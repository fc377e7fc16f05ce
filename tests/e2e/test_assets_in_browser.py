"""Images, fonts and CSS Modules in Chromium: in a live JupyterLab view (also behind a base URL,
as JupyterHub serves it) and in an exported site.

What a user would see: the image loads (``naturalWidth``), the web font is in
``document.fonts`` and loaded, the CSS Module's class applies its computed style; in JupyterLab,
an image edited on disk shows up in the view, and an edited ``.module.css`` keeps the element's
class while its new rule applies.

Run:  python -m pytest tests/e2e/test_assets_in_browser.py -v
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import nbformat
import pytest
from browser import chromium_page, requires_chromium, static_server
from jupyter_harness import NotebookDriver, browser_page, jupyter_server, write_notebook
from nbformat.v4 import new_code_cell, new_notebook

pytestmark = [pytest.mark.e2e, requires_chromium]

FONT = Path(__file__).resolve().parents[2] / "notebooks" / "assets" / "source-code-pro-500.woff2"


def png(width: int, height: int) -> bytes:
    """A valid RGB PNG of ``width`` × ``height`` (what the browser must decode)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes((40, 120, 200)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


CSS = """\
@font-face { font-family: "Test Mono"; src: url(./fonts/mono.woff2) format("woff2"); }
.card { color: rgb(10, 20, 30); font-family: "Test Mono", monospace; }
.big { composes: card; padding: 7px; }
"""
APP = """\
import logo from "./img/logo.png";
import styles from "./card.module.css";
export function render({ el }) {
  el.innerHTML = `<div class="${styles.big}" id="nbb-card">hi</div><img id="nbb-logo">`;
  el.querySelector("#nbb-logo").src = logo;
}
"""


def project(root: Path) -> None:
    (root / "img").mkdir()
    (root / "img" / "logo.png").write_bytes(png(3, 2))
    (root / "fonts").mkdir()
    shutil.copy(FONT, root / "fonts" / "mono.woff2")


def check_page(page, frame_root: str = "document") -> None:
    """The image decoded, the font loaded, the CSS Module's classes applied."""
    page.wait_for_function(f"() => {frame_root}.querySelector('#nbb-logo')?.naturalWidth > 0", timeout=30_000)
    page.wait_for_function("async () => (await document.fonts.load('16px \"Test Mono\"')).length > 0", timeout=30_000)
    faces = page.evaluate("() => [...document.fonts].filter(f => f.family.includes('Test Mono')).map(f => f.status)")
    assert faces and all(status == "loaded" for status in faces), faces
    style = page.evaluate(f"""() => {{ const c = {frame_root}.querySelector('#nbb-card'), s = getComputedStyle(c);
        return [c.className, s.color, s.paddingTop, s.fontFamily]; }}""")
    classes, color, padding, family = style
    assert len(classes.split()) == 2 and "card" in classes and "big" in classes  # composes: both scoped
    assert (color, padding) == ("rgb(10, 20, 30)", "7px")
    assert "Test Mono" in family


@pytest.mark.parametrize("strategy", ["modern", "legacy"])
def test_an_exported_site_loads_its_image_font_and_css_module(tmp_path: Path, strategy: str) -> None:
    project(tmp_path)
    notebook = new_notebook(cells=[
        new_code_cell("%load_ext nbbundle"),
        new_code_cell(f"%%module card.module.css\n{CSS}"),
        new_code_cell(f"%%module app.js --show\n{APP}"),
    ])
    nbformat.write(notebook, tmp_path / "app.ipynb")
    site = tmp_path / "site"
    flags = ["--asset-inline-limit", "0", *(["--legacy"] if strategy == "legacy" else [])]  # every asset a file
    done = subprocess.run([sys.executable, "-m", "nbbundle", "export", str(tmp_path / "app.ipynb"), "-o", str(site),
                           *flags], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    emitted = sorted(p.name for p in site.iterdir() if p.suffix in (".png", ".woff2"))
    assert [name.split(".")[0] for name in emitted] == ["logo", "mono"]
    with static_server(site) as (base, requested), chromium_page() as page:
        page.goto(f"{base}/index.html")
        check_page(page)
        assert {f"/{name}" for name in emitted} <= set(requested)


@pytest.mark.parametrize(("app", "base_url"), [("lab", "/"), ("lab", "/user/ada/"), ("notebook", "/")])
def test_a_live_view_loads_them_and_follows_edits(app: str, base_url: str) -> None:
    with jupyter_server(app, base_url=base_url) as server:
        root = server["root"]
        project(root)
        name = write_notebook(root, "assets.ipynb", [
            "%load_ext nbbundle",
            f"%%module card.module.css\n{CSS}",
            f"%%module app.js\n{APP}",
            'import nbbundle\nnbbundle.show("app.js")',
        ])
        with browser_page() as page:
            nb = NotebookDriver(page, server)
            try:
                nb.open(name)
                for i in range(4):
                    nb.run_cell(i, timeout_ms=60_000)
                    assert not nb.cell_errors(i), nb.cell_errors(i)
                check_page(page)
                if base_url != "/" or app != "lab":
                    return  # the rest is the same behind any base URL and in Notebook 7
                # An image edited on disk: the view shows the new one.
                (root / "img" / "logo.png").write_bytes(png(5, 4))
                page.wait_for_function("() => document.querySelector('#nbb-logo')?.naturalWidth === 5", timeout=30_000)
                # An edited CSS Module: same classes on the element, the new rule applies.
                before = page.evaluate("() => document.querySelector('#nbb-card').className")
                nb.set_cell_source(1, f"%%module card.module.css\n{CSS.replace('7px', '11px')}")
                nb.run_cell(1, timeout_ms=60_000)
                page.wait_for_function(
                    "() => getComputedStyle(document.querySelector('#nbb-card')).paddingTop === '11px'", timeout=30_000)
                assert page.evaluate("() => document.querySelector('#nbb-card').className") == before
                assert nb.real_errors() == []
            except Exception:
                nb.dump(f"assets-{app}-{base_url.strip('/').replace('/', '-') or 'root'}")
                raise


def test_a_voila_dashboard_loads_them(tmp_path: Path) -> None:
    from host_servers import voila

    folder = tmp_path / "dashboard"
    folder.mkdir()
    project(folder)
    write_notebook(folder, "assets.ipynb", ["%load_ext nbbundle", f"%%module card.module.css\n{CSS}",
                                            f"%%module app.js\n{APP}", 'import nbbundle\nnbbundle.show("app.js")'])
    with voila(folder / "assets.ipynb", home=tmp_path / "home") as url, browser_page() as page:
        page.goto(f"{url}/")
        check_page(page)


MARIMO = '''import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import nbbundle
    return mo, nbbundle


@app.cell
def _(nbbundle):
    nbbundle.define("card.module.css", {css!r})
    nbbundle.define("app.js", {app!r})
    return


@app.cell
def _(mo, nbbundle):
    mo.ui.anywidget(nbbundle.widget("app.js"))
    return
'''


def test_a_marimo_notebook_loads_them_in_its_shadow_root(tmp_path: Path) -> None:
    # marimo draws anywidgets in a shadow root, where the CSS Module's <style> goes too.
    from host_servers import marimo_edit

    folder = tmp_path / "work" / "app"
    folder.mkdir(parents=True)
    project(folder)
    (folder / "assets.py").write_text(MARIMO.format(css=CSS, app=APP))
    with marimo_edit(folder / "assets.py", cwd=tmp_path, home=tmp_path / "home") as url, browser_page() as page:
        page.goto(f"{url}/")
        root = "document.querySelector('marimo-anywidget')?.shadowRoot"
        check_page(page, frame_root=f"({root} ?? document)")
