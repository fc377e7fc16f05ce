"""The module graph as a picture: a layered SVG of an entry's modules.

In: a module graph, an entry, the failed cells and the last update. Out: SVG text (kinds,
static and dynamic imports, HMR boundaries, the last update's path).

Here: drawing (``draw``) and the layered layout it uses (``layout``).

May import: ``nbbundle.hmr`` and below.
"""
