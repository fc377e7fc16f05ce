"""The names the compiler adds to a module, chosen so that they collide with none of its own.

Every generated name starts with one prefix, ``__nbb_`` unless the module itself uses a name
that starts with it (a user may well write ``__nbb_default__``); then ``__nbb1_``,
``__nbb2_``, … whichever no identifier of the module starts with. The runtime never sees these
names: the init function's parameters are positional.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.record import Record

if TYPE_CHECKING:
    from collections.abc import Iterable

DEFAULT_PREFIX = "__nbb_"


class GeneratedNames(Record):
    """A module's generated names, all from one prefix (a ``Record``: treat it as frozen)."""

    __slots__ = _fields = ("prefix",)

    def __init__(self, prefix: str = DEFAULT_PREFIX) -> None:
        self.prefix = prefix

    @classmethod
    def avoiding(cls, used: Iterable[bytes]) -> GeneratedNames:
        """The first prefix that no name in ``used`` starts with."""
        taken = [name for name in used if name.startswith(b"__nbb")]
        if not taken:
            return cls()
        number = 0
        while True:
            prefix = DEFAULT_PREFIX if number == 0 else f"__nbb{number}_"
            encoded = prefix.encode()
            if not any(name.startswith(encoded) for name in taken):
                return cls(prefix)
            number += 1

    @property
    def module(self) -> str:
        """The init function's first parameter: the module instance (``.meta`` is import.meta)."""
        return f"{self.prefix}module__"

    @property
    def exports(self) -> str:
        """The second parameter: the namespace object."""
        return f"{self.prefix}exports__"

    @property
    def require(self) -> str:
        """The third parameter: ``require`` with the runtime's helpers (``.l``, ``.i``, …)."""
        return f"{self.prefix}require__"

    @property
    def default(self) -> str:
        """The local that holds an ``export default`` expression's value."""
        return f"{self.prefix}default__"

    def alias(self, index: int) -> str:
        """The local name of the ``index``-th static dependency's bindings (member reads only)."""
        return f"{self.prefix}import_{index}__"

    def namespace(self, index: int) -> str:
        """The local name of the ``index``-th static dependency's namespace object."""
        return f"{self.prefix}namespace_{index}__"

    @property
    def parameters(self) -> str:
        return f"{self.module}, {self.exports}, {self.require}"

    @property
    def minified(self) -> bool:
        """Short names of a minified module (``compile/minify/``): its init function is written
        compactly too."""
        return False
