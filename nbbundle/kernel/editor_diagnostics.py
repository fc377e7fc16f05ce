"""The diagnostics of a ``%%module`` run as data for the cell's editor.

nbbundle's JupyterLab / Notebook 7 extension (``labextension/``) reads this from the run's
status output and underlines each problem where it is in the cell; front ends without the
extension ignore the MIME type and show the status text. Lines are 1-based in the module's
text (the cell after its ``%%module`` line), columns 0-based in characters, as in ``Diagnostic``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from nbbundle.compile.errors import Diagnostic

#: How many diagnostics a run shows (code frames under the cell, marks in its editor), as
#: esbuild's default log limit: 10,000 errors would print megabytes and bloat the notebook.
SHOWN = 10

#: The MIME type of the data; mirrored by ``labextension/src/module-cell.js``.
DIAGNOSTICS_MIME = "application/vnd.nbbundle.diagnostics+json"


def editor_diagnostics(module: str, diagnostics: Iterable[Diagnostic]) -> dict[str, Any]:
    """``{module, diagnostics: [{line, column, endLine?, endColumn?, message, severity, code, hint?}]}``.

    Only the problems located in ``module`` itself: those are the ones its cell can show, and
    the first ``SHOWN`` of them (the status text says how many more). An empty list says the run
    was good, which clears the editor's marks.
    """
    marks: list[dict[str, Any]] = []
    for d in diagnostics:
        if d.module_id != module or d.line is None:
            continue
        if len(marks) == SHOWN:
            break
        mark: dict[str, Any] = {"line": d.line, "column": d.column or 0, "message": d.message,
                                "severity": d.severity, "code": d.code}
        if d.end_column is not None:
            mark["endLine"], mark["endColumn"] = d.line, d.end_column
        if d.hint:
            mark["hint"] = d.hint
        marks.append(mark)
    return {"module": module, "diagnostics": marks}
