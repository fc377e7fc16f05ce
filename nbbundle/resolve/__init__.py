"""Specifier → file: where an ``import`` leads.

In: a specifier and the module that imports it. Out: a ``Resolution`` (the file, its module
kind) or a ``ResolveError`` with a did-you-mean hint.

Here: the resolver (relative paths, ``node_modules``, ``exports``/``imports`` maps, built-ins),
reading ``package.json`` files, and the file-system protocol the resolver reads through (the
disk, or the notebook's cells layered over it).

May import: ``nbbundle.compile`` (diagnostics).
"""
