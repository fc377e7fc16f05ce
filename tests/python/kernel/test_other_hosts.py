"""The kernel side outside IPython's magics: what marimo and Voilà need of it (no browser).

The browser halves are ``tests/e2e/test_marimo.py`` and ``tests/e2e/test_voila.py``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING, Any

import pytest

from missing_tools import skip_without
from view_helpers import View

from nbbundle.kernel.environment import Environment

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

APP = "export function render({ el }) { el.textContent = 'app'; }\n"


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Environment]:
    environment = Environment(root=tmp_path)
    yield environment
    environment.close()


def test_a_view_that_mounted_an_old_version_is_brought_current(env: Environment) -> None:
    env.define("app.js", APP)
    widget = env.widget("app.js")
    sent: list[Any] = []
    states: list[Any] = []
    widget.send = sent.append  # type: ignore[method-assign]
    widget.send_state = states.append  # type: ignore[method-assign]
    env.define("app.js", APP.replace("'app'", "'app 2'"))
    assert widget.version == 1
    sent.clear()

    View(widget).mount(version=1)  # a view in time
    assert (sent, states) == ([], [])
    # marimo replays the widget's first state to a reloaded page: the view mounted version 0.
    stale = View(widget).mount(version=0)
    assert states == ["_bundle"]
    assert sent == [{"type": "resync", "view": stale.id, "version": 1}]


def test_a_widget_whose_comm_the_host_closed_gets_a_new_one(env: Environment) -> None:
    env.define("app.js", APP)
    widget = env.widget("app.js", count=2)
    first_id = widget.model_id
    widget.comm.close()  # marimo, when the cell that made the widget runs again
    again = env.widget("app.js")
    assert again is widget
    assert not widget.comm._closed
    assert widget.model_id != first_id  # marimo's page shows no model id it saw closed
    assert widget.get_state()["count"] == 2
    assert widget.get_state()["_bundle"]["modules"]["app.js"]


def test_define_works_in_plain_python_without_an_ipython_shell(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import nbbundle
        print(nbbundle.define("app.js", "export const answer = 42;\\n"))
        print(nbbundle.define("app.js", "export const = 42;\\n"))
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, check=True)
    first, second = result.stdout.splitlines()
    assert first.startswith("✓ app.js defined")
    assert second.startswith("✗ app.js: 1 error")
    assert "--> app.js:1:" in result.stderr  # the code frame goes to stderr, as under a cell


def test_in_marimo_modules_resolve_next_to_the_notebook_file(tmp_path: Path) -> None:
    skip_without("marimo")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "points.json").write_text("[1, 2, 3]")
    (folder / "app.py").write_text(textwrap.dedent('''
        import marimo
        app = marimo.App()

        @app.cell
        def _():
            import nbbundle
            status = nbbundle.define("app.js", 'import points from "./points.json";\\nexport const n = points.length;\\n')
            print(status, "|", nbbundle.environment().root)
            return

        if __name__ == "__main__":
            app.run()
    '''))
    # Run as a script from another folder: marimo keeps the working directory it started in.
    result = subprocess.run([sys.executable, str(folder / "app.py")], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    status, root = result.stdout.strip().rsplit(" | ", 1)
    assert status.startswith("✓ app.js defined"), result.stdout + result.stderr
    assert root == str(folder.resolve())


def test_a_voila_dashboard_shows_no_status_lines(env: Environment, monkeypatch: pytest.MonkeyPatch) -> None:
    from nbbundle.kernel.status import report

    status = report(env.define("app.js", APP))
    assert "✓ app.js defined" in status._repr_mimebundle_()["text/plain"]  # in JupyterLab
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")  # what Voilà gives its kernels
    assert status._repr_mimebundle_() == {"text/plain": ""}
    assert repr(status) == ""


def test_marimo_gets_no_diagnostics_mime_type_to_offer_as_a_view(env: Environment,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    from nbbundle.kernel.editor_diagnostics import DIAGNOSTICS_MIME
    from nbbundle.kernel.status import report

    status = report(env.define("app.js", APP))
    assert DIAGNOSTICS_MIME in status._repr_mimebundle_()
    marimo = types.ModuleType("marimo")
    marimo.running_in_notebook = lambda: True  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "marimo", marimo)
    assert set(status._repr_mimebundle_()) == {"text/plain", "text/html"}


def test_view_expiry_never_imports_ipykernel_into_another_hosts_kernel() -> None:
    # Importing ipykernel replaces the comm package's factory: marimo's widgets would stop working.
    code = textwrap.dedent("""
        import sys
        from nbbundle.kernel.views import ViewRegistry
        registry = ViewRegistry()
        assert registry.seen("view-0001")
        print(sorted(name for name in sys.modules if name.startswith("ipykernel")))
    """)
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "[]", ran.stdout
