"""One module's text and id → its ``TransformResult`` (the first phase of the pipeline).

In: the text of one module (a cell or a file), its id and kind (ESM, CommonJS, CSS, JSON, and
TypeScript, TSX or JSX, which a position-keeping pre-pass turns into JavaScript first).
Out: a ``TransformResult``: the edited body plus the module's import, export and
``import.meta.hot`` records, or ``Diagnostic``s (syntax errors). A result depends on the text
and id only, so it is cached by content hash.

Here: the tree-sitter parse (``parse``), byte edits on the original text (``edits``), the
rewrite of imported bindings (``bindings``), the import/export transform (``transform``), the
static reading of ``import.meta.hot`` (``hot``), CSS and JSON modules (``data_modules``), the
module data types (``module``) and the diagnostics every later phase reports (``errors``); the
TypeScript/JSX pre-pass (``typescript``, ``ts_syntax``, ``ts_runtime``, ``enum_values``, ``jsx``,
``react_refresh``, ``position_map``, ``options``) and ``process.env.NODE_ENV`` (``defines``).

May import: nothing else of nbbundle (the bottom of the pipeline).
"""
