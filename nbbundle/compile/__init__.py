"""One module's text and id → its ``TransformResult`` (the first phase of the pipeline).

In: the text of one module (a cell or a file), its id, its kind (JavaScript, CommonJS, CSS,
JSON, or TypeScript, TSX and JSX, which a position-keeping pre-pass turns into JavaScript
first, with its ``CompileOptions``) and the module type Node gives it (from the extension and
the nearest package.json).
Out: a ``TransformResult``: the edited body plus the module's import, export and
``import.meta.hot`` records, or ``Diagnostic``s (syntax errors and early errors). A result
depends on those inputs only, so it is cached by content hash.

Three parts, each a folder, layered (an import-linter contract): ``typescript/`` (the TS/TSX/JSX
pre-pass and React Fast Refresh) may use ``javascript/`` (the JavaScript compiler: parse, query,
scopes, early errors, rewrites), which may use ``text/`` (byte edits, position maps, generated
names). Beside them: ``transform`` (the entry point: dispatch by kind and the cache),
``data_modules`` (CSS and JSON as modules), ``options`` (how a module is compiled), ``module``
(the data types of a result) and ``errors`` (the diagnostics every later phase reports).

May import: nothing else of nbbundle (the bottom of the pipeline).
"""
