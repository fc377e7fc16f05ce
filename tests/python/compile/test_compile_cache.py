"""Compiled results stay bounded per module: a cell edited and run many times keeps only its
last few versions, the TypeScript pre-pass's results as much as the transform's (the pre-pass
once kept 256 results keyed by the whole text: 300 runs of a 107 KB ``.ts`` cell grew the
kernel by 269 MB)."""

from __future__ import annotations

import gc

from nbbundle.compile.cache import VERSIONS_PER_MODULE, VersionedCache
from nbbundle.compile.module import TransformResult
from nbbundle.compile.transform import transform
from nbbundle.compile.typescript.prepass import Stripped, original_position


def alive(kind: type, predicate) -> int:  # noqa: ANN001
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind) and predicate(o))


def cell(n: int) -> str:
    return f"// edited-cell\ninterface Row {{ id: number }}\nexport const rows: Row[] = [{{ id: {n} }}];\nthrow new Error('run {n}');\n"


def test_a_typescript_cell_run_many_times_keeps_its_last_few_versions() -> None:
    texts = [cell(n) for n in range(60)]
    for text in texts:
        transform("edited.ts", text, "ts")
        original_position("edited.ts", text, "ts", None, text, 4, 6)  # a view's error mapped back
    stripped = alive(Stripped, lambda s: "edited-cell" in s.text)
    assert stripped <= VERSIONS_PER_MODULE
    assert alive(TransformResult, lambda r: r.id == "edited.ts") <= VERSIONS_PER_MODULE
    # The last versions are still cached, and map positions as before.
    assert transform("edited.ts", texts[-1], "ts") is transform("edited.ts", texts[-1], "ts")
    assert original_position("edited.ts", texts[-1], "ts", None, texts[-1], 3, 14) == (3, 14)


def test_the_cache_evicts_a_modules_oldest_version_and_then_the_oldest_module() -> None:
    cache: VersionedCache[int] = VersionedCache(limit=3, versions=2)
    cache.put(("a", "", "1"), 1)
    cache.put(("a", "", "2"), 2)
    cache.put(("a", "", "3"), 3)
    assert cache.get(("a", "", "1")) is None and cache.get(("a", "", "3")) == 3
    cache.put(("b", "", "1"), 4)
    cache.put(("c", "", "1"), 5)  # over the limit of 3: the oldest entry of all goes
    assert len(cache) == 3
    assert cache.get(("a", "", "2")) is None
    assert [cache.get(k) for k in [("a", "", "3"), ("b", "", "1"), ("c", "", "1")]] == [3, 4, 5]
