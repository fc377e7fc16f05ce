"""TypeScript, TSX and JSX → JavaScript with the same lines and columns (the pre-pass).

``prepass`` runs it (types blanked, import elision, the steps below, positions mapped back) and
hands the JavaScript to ``compile.javascript``; ``syntax`` holds the TypeScript grammar's tree,
its queries, pending edits, value uses and shadowing (``PrePass``); ``runtime`` and
``enum_values`` compile what has run-time meaning (enums, namespaces, parameter properties,
``import =``/``export =``); ``jsx`` turns JSX into ``jsx()``/``createElement`` calls;
``react_refresh`` adds Fast Refresh to a module (its browser side is
``js/react-refresh-runtime.js``), by the rules of ``react-refresh/babel`` in ``refresh_rules``
(signatures and registrations) with ``refresh_scopes`` (what a scope declares).

May import: ``compile.javascript``, ``compile.text`` and the shared modules of ``compile``.
Loaded only when a module needs it (a JavaScript build never imports the TypeScript grammar).
"""
