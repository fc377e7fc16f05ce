"""The wheel ships the runtime prelude and the widget's ``_esm`` minified, built by the hatch hook
(``hatch_build.py``) from this checkout; the minified ``_esm`` is an ES module whose default
export is what anywidget calls, and both are far smaller than the readable runtime."""

from __future__ import annotations

import gzip
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from missing_tools import needs
from node_programs import NODE

from nbbundle.bundle.runtime_prelude import minified_prelude, minified_widget_esm, readable_widget_esm, runtime_prelude

CHECKOUT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                           "-w", str(out), str(CHECKOUT)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    [built] = out.glob("nbbundle-*.whl")
    return built


def test_the_wheel_ships_the_minified_runtime_and_the_readable_sources(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        prelude = archive.read("nbbundle/js/dist/prelude.min.js").decode()
        widget = archive.read("nbbundle/js/dist/widget.min.js").decode()
        assert "nbbundle/js/module-system.js" in archive.namelist()  # the readable sources stay
    assert (prelude, widget) == (minified_prelude(), minified_widget_esm())
    assert len(gzip.compress(widget.encode())) < 0.5 * len(gzip.compress(readable_widget_esm().encode()))
    assert len(prelude) < 0.4 * len(runtime_prelude())


@needs("node")
def test_the_minified_widget_module_exports_what_anywidget_calls(tmp_path: Path) -> None:
    module = tmp_path / "widget.min.mjs"
    module.write_text(minified_widget_esm(), encoding="utf-8")
    assert NODE is not None
    done = subprocess.run([NODE, "--input-type=module", "-e",
                           f"const m = await import({module.as_uri()!r}); "
                           "console.log(Object.keys(m.default).sort().join(), typeof m.default.render)"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, "initialize,render function"), done.stderr
