"""Which front end shows this kernel's outputs, as far as outputs need to know.

Status lines belong to editing front ends: JupyterLab, Notebook 7, VS Code and marimo's editor
show them under the cell. A Voilà dashboard shows its viewers the app, not how its cells ran.
marimo draws every MIME type of an output as a choice (an output-type switcher), so the
diagnostics for JupyterLab's editor (``editor_diagnostics``) are left out there.

Both are read from what the host put in place before our code ran: Voilà's kernel environment
(its CGI-style ``SERVER_SOFTWARE = "voila/<version>"``, and the ``VOILA_*`` variables), and
marimo's module in ``sys.modules`` (never imported here: importing marimo to ask would slow
every Jupyter kernel).
"""

from __future__ import annotations

import os
import sys


def in_dashboard() -> bool:
    """Whether a Voilà dashboard runs this kernel (its viewers see outputs, not cells)."""
    return (os.environ.get("SERVER_SOFTWARE", "").startswith("voila/")
            or "VOILA_KERNEL_ID" in os.environ or "VOILA_BASE_URL" in os.environ)


def in_marimo() -> bool:
    """Whether this code runs in a marimo notebook."""
    marimo = sys.modules.get("marimo")
    running = getattr(marimo, "running_in_notebook", None)
    if running is None:
        return False
    try:
        return bool(running())
    except Exception:  # marimo's own API failed: show what Jupyter front ends get
        return False
