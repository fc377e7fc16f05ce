"""The compiler's own names, short, for a minified module: ``$r`` for ``__nbb_require__``.

A minified module's body names the init function's parameters and its dependencies' aliases
on nearly every line (``(0, __nbb_import_3__.useState)``); these names are renamed like the
module's own, with a prefix no identifier of the module starts with (``$``, else ``_$``, …),
and ``TransformResult.names`` says them to the linker and the renderer, which write the prologue
with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.text.names import GeneratedNames

if TYPE_CHECKING:
    from collections.abc import Iterable

_PREFIXES = ("$", "_$", "$_", "$$", "_$_")


class MinifiedNames(GeneratedNames):
    __slots__ = ()

    @classmethod
    def avoiding(cls, used: Iterable[bytes]) -> MinifiedNames | None:  # type: ignore[override]
        """Short names no identifier in ``used`` starts like, or None when none is free."""
        names = list(used)
        for prefix in _PREFIXES:
            encoded = prefix.encode()
            if not any(name.startswith(encoded) for name in names):
                return cls(prefix)
        return None

    @property
    def module(self) -> str:
        return f"{self.prefix}m"

    @property
    def exports(self) -> str:
        return f"{self.prefix}e"

    @property
    def require(self) -> str:
        return f"{self.prefix}r"

    @property
    def default(self) -> str:
        return f"{self.prefix}d"

    def alias(self, index: int) -> str:
        return f"{self.prefix}{index}"

    def namespace(self, index: int) -> str:
        return f"{self.prefix}n{index}"

    @property
    def parameters(self) -> str:
        return f"{self.module},{self.exports},{self.require}"

    @property
    def minified(self) -> bool:
        return True
