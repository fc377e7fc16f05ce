"""One module's text and id → its ``TransformResult`` (the first phase of the pipeline).

In: the text of one module (a cell or a file), its id, its kind (JavaScript, CommonJS, CSS,
JSON, or TypeScript, TSX and JSX, which a position-keeping pre-pass turns into JavaScript
first, with its ``CompileOptions``) and the module type Node gives it (from the extension and
the nearest package.json).
Out: a ``TransformResult``: the edited body plus the module's import, export and
``import.meta.hot`` records, or ``Diagnostic``s (syntax errors and early errors). A result
depends on those inputs only, so it is cached by content hash.

Every decision comes from the syntax tree, never from searching the text: ``syntax`` parses
(and repairs two gaps of the grammar on a same-length copy), ``facts`` runs one query that
captures every node of interest, ``scopes`` sweeps those captures into a symbol table
(``symbols`` holds its data, ``contexts`` checks statements where they stand),
``early_errors`` reports what the engine would refuse, ``module_syntax`` reads import and
export statements, ``commonjs`` decides the format and a CommonJS module's exports as Node
does, ``bindings``, ``dynamic_imports`` and ``hot`` rewrite and read what they are named
after, ``names`` picks generated names no identifier of the module uses, ``literals`` gives
names and strings their cooked values, ``edits`` applies byte edits to the original text,
``transform`` runs the steps, ``data_modules`` turns CSS and JSON into modules, ``module``
holds the data types and ``errors`` the diagnostics every later phase reports.

The TypeScript/JSX pre-pass: ``typescript`` runs it (types blanked, import elision, positions
mapped back), ``ts_syntax`` holds its tree and edits, ``ts_runtime`` and ``enum_values`` compile
enums, namespaces and parameter properties, ``jsx`` the JSX, ``react_refresh`` registers React
components for Fast Refresh, ``position_map`` keeps lines, ``options`` says how; ``defines``
replaces ``process.env.NODE_ENV`` of the global ``process``.

May import: nothing else of nbbundle (the bottom of the pipeline).
"""
