"""The notebook side: one environment per kernel, the magics, the live widget.

In: cell runs (``%%module NAME``, ``nbbundle.define``/``data``), files changing on disk, and
messages from the widget's views. Out: per-widget updates sent to every live view, and the
status line under each cell.

Here: the environment (``environment``: cells + disk → graph → link → render → updates), cells
as a file system (``cells``), ``%%module`` and ``%nbbundle`` (``magics``), the Python calls
behind them (``api``), the anywidget (``widget``) and its messages (``protocol``), the status
line (``status``), file watching (``file_watch``) and the source maps views get (``view_maps``).

May import: ``nbbundle.picture``, ``nbbundle.hmr`` and below.
"""
