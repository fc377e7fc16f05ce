"""The JavaScript compiler: JavaScript text → ``TransformResult`` (``compiler.compile_javascript``).

Every decision comes from the syntax tree, never from searching the text: ``syntax`` parses
(tree-sitter-javascript) and ``grammar_repairs`` re-reads ``let`` and ``await`` where the grammar
took a keyword for an identifier; ``query`` is the one query that captures every node the
compiler decides from; ``scopes`` sweeps those captures into a symbol table (``symbols`` holds its
data, ``contexts`` checks statements where they stand); ``early_errors`` reports what the engine
would refuse; ``module_syntax`` reads import and export statements; ``commonjs`` decides the
format and a CommonJS module's exports as Node does; ``bindings``, ``dynamic_imports``, ``hot``,
``awaits`` and ``defines`` rewrite and read what they are named after; ``literals`` gives names
and strings their cooked values; ``compiler`` runs the steps.

May import: ``compile.text``, ``compile.errors``, ``compile.module``, ``compile.options``.
"""
