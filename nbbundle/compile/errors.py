"""Diagnostics: what went wrong, where, and how to fix it.

A diagnostic is data (esbuild's ``logger.Msg``, Rollup's ``RollupLog``): a stable code, the
message, the module id, a position, the code frame and a hint. One build collects every
diagnostic it finds and reports them together instead of stopping at the first.

The exception tree::

    NbbundleError              a build failed; carries the diagnostics
      x ParseError             the text is not a valid module
      x ResolveError           an import names a module that cannot be found
      x LinkError              an import names a binding the module does not export

Positions: ``line`` is 1-based, ``column`` is 0-based and counts characters (not bytes), the
way editors and browsers show them. tree-sitter reports bytes; ``position_at`` converts once.
"""

from __future__ import annotations

from nbbundle.compile.record import Record

#: How many lines of context a code frame shows before and after the line with the error.
FRAME_CONTEXT = 2


class Diagnostic(Record):
    """One problem found in one module (a ``Record``: ``record.py`` says why not a dataclass)."""

    __slots__ = _fields = ("code", "message", "module_id", "line", "column", "frame", "hint", "severity",
                           "notes", "end_column")

    def __init__(self, code: str, message: str, module_id: str,  # noqa: PLR0913 (its fields)
                 line: int | None = None, column: int | None = None, frame: str = "", hint: str | None = None,
                 severity: str = "error", notes: tuple[str, ...] = (), end_column: int | None = None) -> None:
        self.code = code
        """Stable identifier, e.g. ``PARSE_ERROR``, ``UNRESOLVED_IMPORT``, ``MISSING_EXPORT``."""
        self.message = message
        self.module_id = module_id
        self.line = line
        """1-based."""
        self.column = column
        """0-based, in characters."""
        self.frame = frame
        self.hint = hint
        self.severity = severity
        self.notes = notes
        self.end_column = end_column
        """0-based, exclusive, on ``line``: where the reported text ends (editors underline it)."""

    @property
    def location(self) -> str:
        """``app.js:3:9`` (column shown 1-based, as editors and browsers do)."""
        if self.line is None:
            return self.module_id
        return f"{self.module_id}:{self.line}:{(self.column or 0) + 1}"

    def format(self) -> str:
        """The full text shown to a user: headline, code frame, hint."""
        parts = [f"{self.severity}: {self.message}", f"  --> {self.location}"]
        if self.frame:
            parts.append(self.frame)
        parts.extend(f"note: {note}" for note in self.notes)
        if self.hint:
            parts.append(f"hint: {self.hint}")
        return "\n".join(parts)

    def to_json(self) -> dict[str, object]:
        """The wire form used by the widget's error overlay."""
        return {
            "code": self.code,
            "message": self.message,
            "id": self.module_id,
            "line": self.line,
            "column": self.column,
            "frame": self.frame,
            "hint": self.hint,
        }


class NbbundleError(Exception):
    """A build failed. ``diagnostics`` holds every problem found, in the order found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n\n".join(d.format() for d in diagnostics))


class ParseError(NbbundleError):
    """The text of a module is not valid JavaScript (or JSON)."""


class ResolveError(NbbundleError):
    """An import specifier names a module that cannot be found."""


class LinkError(NbbundleError):
    """An import names a binding that the imported module does not export."""


def position_at(source: str, byte_offset: int, source_bytes: bytes | None = None) -> tuple[int, int]:
    """Return the 1-based line and 0-based character column of a byte offset in ``source``."""
    data = source_bytes if source_bytes is not None else source.encode()
    line_start = data.rfind(b"\n", 0, byte_offset) + 1
    line = data.count(b"\n", 0, byte_offset) + 1
    column = len(data[line_start:byte_offset].decode(errors="replace"))
    return line, column


#: Lines longer than this (minified code) are shown as a window around the column.
FRAME_WIDTH = 160


def code_frame(source: str, line: int, column: int, length: int = 1) -> str:
    """Draw the lines around ``line`` with a caret under ``column`` (Rollup's getCodeFrame).

    ::

        2 | import { a } from "./a.js";
      > 3 | import { count } from "./store.js";
          |          ^^^^^
        4 | count += 1;

    A line longer than ``FRAME_WIDTH`` shows only a window around the column, with ``…``
    where it was cut (one minified line can be megabytes long).
    """
    lines = source.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    first = max(1, line - FRAME_CONTEXT)
    last = min(len(lines), line + FRAME_CONTEXT)
    while last > line and not lines[last - 1].strip():
        last -= 1  # no trailing blank context (a file's final newline)
    width = len(str(last))
    # Tabs before the column are expanded in the line and under it alike, so the caret stays
    # under the character it points at.
    caret_at = len(lines[line - 1][:column].expandtabs(4))
    long_line = len(lines[line - 1].expandtabs(4)) > FRAME_WIDTH
    window = max(0, caret_at - FRAME_WIDTH // 3) if long_line else 0
    out = []
    for number in range(first, last + 1):
        text = _clip(lines[number - 1].rstrip("\r").expandtabs(4), window)
        marker = ">" if number == line else " "
        out.append(f"{marker} {number:>{width}} | {text}".rstrip())
        if number == line:
            prefix = caret_at - window + (1 if window else 0)
            carets = "^" * max(1, min(length, len(text) - prefix) if text else 1)
            out.append(f"  {' ' * width} | {' ' * prefix}{carets}")
    return "\n".join(out)


def _clip(text: str, window: int) -> str:
    if len(text) <= FRAME_WIDTH and window == 0:
        return text
    clipped = text[window:window + FRAME_WIDTH]
    return ("…" if window else "") + clipped + ("…" if window + FRAME_WIDTH < len(text) else "")


def make_diagnostic(
    code: str,
    message: str,
    module_id: str,
    source: str | None = None,
    byte_range: tuple[int, int] | None = None,
    *,
    source_bytes: bytes | None = None,
    hint: str | None = None,
    notes: tuple[str, ...] = (),
    severity: str = "error",
) -> Diagnostic:
    """Build a diagnostic, adding position and frame when the source and a range are known."""
    if source is None or byte_range is None:
        return Diagnostic(code, message, module_id, hint=hint, notes=notes, severity=severity)
    data = source_bytes if source_bytes is not None else source.encode()
    start, end = byte_range
    line, column = position_at(source, start, data)
    line_end = data.find(b"\n", start)
    end = min(end, line_end if line_end != -1 else len(data))
    length = max(1, len(data[start:end].decode(errors="replace")))
    frame = code_frame(source, line, column, length)
    return Diagnostic(code, message, module_id, line, column, frame, hint, severity, notes,
                      end_column=column + length)
