"""Text that knows nothing of a language: byte edits, line-keeping edits and positions, names.

``edits`` applies byte-offset replacements to a module's original text (``SourceEdits``);
``position_map`` holds the pre-pass's line-keeping edits (``LineEdits``) and maps an output
position back to the one the user wrote (``PositionMap``); ``source_map`` composes such maps
and writes v3 source maps from them; ``names`` picks generated names with a prefix no
identifier of the module starts with.

May import: ``compile.errors`` only.
"""
