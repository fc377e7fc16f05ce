"""Real code nobody here wrote: ``@tanstack/query-core``'s TypeScript sources, bundled with
``--sourcemap`` and read back whole by npm's decoder. Every name the user wrote maps to itself:
a mapping whose generated text starts with a name (not one the compiler made, ``__nbb_…``)
points at the same name in the module's text. Generated text (``(0, ns.f)``, a blanked
``import``) maps to what it replaced, which the other tests check."""

from __future__ import annotations

import re
from pathlib import Path

from decoder import all_mappings
from npm_cache import TYPESCRIPT_CORPUS, npm_packages

from nbbundle.cli import main

_NAME = re.compile(r"[A-Za-z_$][\w$]*")


def test_every_name_in_query_core_maps_to_itself(tmp_path: Path) -> None:
    folder = npm_packages("typescript-corpus", TYPESCRIPT_CORPUS)
    entry = folder / "node_modules" / "@tanstack" / "query-core" / "src" / "index.ts"
    out = tmp_path / "query-core.js"
    assert main(["build", str(entry), "-o", str(out), "--sourcemap", "--quiet"]) == 0
    mappings, contents = all_mappings(out.with_name(out.name + ".map").read_text())
    generated = out.read_text().split("\n")
    sources = {name: text.split("\n") for name, text in contents.items()}
    checked, wrong, mapped_sources = 0, [], set()
    for line, column, source, original_line, original_column in mappings:
        name = _NAME.match(generated[line - 1], column)
        if name is None or name.group().startswith("__nbb_"):
            continue
        checked += 1
        mapped_sources.add(source)
        original = _NAME.match(sources[source][original_line - 1], original_column)
        if original is None or original.group() != name.group():
            wrong.append((line, column, name.group(), source, original_line, original_column))
    assert wrong == []
    assert mapped_sources == set(contents), "every module has its names mapped"
    assert checked > len(contents)
