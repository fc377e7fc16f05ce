"""Minification of compiled modules and of the runtime's own scripts.

In: a module's compiled body (``TransformResult.body_parts``) or a whole script. Out: the
minified text and a ``PositionMap`` from it back to the compiled text. Imports ``javascript/``
(the parser, the query, the scopes) and ``text/``; ``transform.py`` imports it.
"""

from nbbundle.compile.minify.module import minify_module, minify_result, minify_script

__all__ = ["minify_module", "minify_result", "minify_script"]
