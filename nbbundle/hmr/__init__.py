"""Where an update is decided: which boundaries accept a change, or why the app remounts.

In: the module graph and the ids of the modules that changed. Out: a ``HotUpdate`` (the
boundaries and the chains to re-run) or a ``FullReload`` with its reason. Pure functions over
the graph, Vite's ``propagateUpdate`` rules.

May import: ``nbbundle.bundle`` (the graph) and below.
"""
