"""Many modules → resources: the module graph and everything computed over it.

In: an entry (a file, or modules already in a graph). Out: the module graph, the link result
(export tables, import checks, which modules are async), each module's init function text, and
resources (initial, async and style, with a manifest); for the CLI, one self-contained script.

Here: the module graph (``graph``, Vite's), preparing and committing modules (``scan``), the
link step (``link``), init functions (``render``), resources (``resources``), the JS runtime as
one script (``runtime_prelude``, ``assets``), the single-file build (``build``), source maps of
what is written (``source_maps``), and the checks and one-line errors for output paths (``output``).

May import: ``nbbundle.resolve`` and ``nbbundle.compile``.
"""
