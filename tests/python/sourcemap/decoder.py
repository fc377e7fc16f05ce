"""Read nbbundle's source maps with a real decoder: npm's ``source-map`` (Mozilla's), under node.

``original_positions(map_json, queries)`` asks the decoder where each generated (1-based line,
0-based column) came from, as DevTools and node do; ``generated_position(code, needle)`` finds a
place in a bundle by text the test chose (a test may search its own output).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from missing_tools import skip_without
from npm_cache import SOURCE_MAP, npm_packages

_PROGRAM = r"""
const { createRequire } = require("module");
const requireFrom = createRequire(process.argv[1] + "/package.json");
const { SourceMapConsumer } = requireFrom("source-map");
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
(async () => {
  const consumer = await new SourceMapConsumer(input.map);
  const answers = input.queries.map(([line, column]) => consumer.originalPositionFor({ line, column }));
  const sources = consumer.sources;
  consumer.destroy();
  process.stdout.write(JSON.stringify({ answers, sources }));
})().catch((error) => { console.error(error); process.exit(1); });
"""


def decode(map_json: str, queries: list[tuple[int, int]]) -> tuple[list[dict], list[str]]:
    """The decoder's answers (``source``, ``line``, ``column``; None where unmapped) and ``sources``."""
    skip_without("node", "the source map decoder runs under node")
    folder = npm_packages("source-map", SOURCE_MAP)
    done = subprocess.run(["node", "-e", _PROGRAM, str(folder)], input=json.dumps(
        {"map": json.loads(map_json), "queries": queries}), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    return result["answers"], result["sources"]


def generated_position(code: str, needle: str, start: int = 0) -> tuple[int, int]:
    """(1-based line, 0-based UTF-16 column) of the first ``needle`` in ``code`` after ``start``."""
    at = code.index(needle, start)
    line = code.count("\n", 0, at) + 1
    column = len(code[code.rfind("\n", 0, at) + 1:at].encode("utf-16-le")) // 2
    return line, column


def source_position(text: str, needle: str) -> tuple[int, int]:
    """(1-based line, 0-based UTF-16 column) of the only ``needle`` in a module's text."""
    assert text.count(needle) == 1, f"{needle!r} is not unique in the module"
    return generated_position(text, needle)


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


_ALL_PROGRAM = r"""
const { createRequire } = require("module");
const requireFrom = createRequire(process.argv[1] + "/package.json");
const { SourceMapConsumer } = requireFrom("source-map");
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
(async () => {
  const consumer = await new SourceMapConsumer(input);
  const mappings = [];
  consumer.eachMapping((m) => {
    if (m.source) mappings.push([m.generatedLine, m.generatedColumn, m.source, m.originalLine, m.originalColumn]);
  });
  const contents = Object.fromEntries(consumer.sources.map((s) => [s, consumer.sourceContentFor(s)]));
  consumer.destroy();
  process.stdout.write(JSON.stringify({ mappings, contents }));
})().catch((error) => { console.error(error); process.exit(1); });
"""


def all_mappings(map_json: str) -> tuple[list[list], dict[str, str]]:
    """Every mapping with a source (generated line, column, source, original line, column), as
    the decoder reads them, and each source's text as the decoder gives it."""
    skip_without("node", "the source map decoder runs under node")
    folder = npm_packages("source-map", SOURCE_MAP)
    done = subprocess.run(["node", "-e", _ALL_PROGRAM, str(folder)], input=map_json, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    return result["mappings"], result["contents"]
