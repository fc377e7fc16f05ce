"""What the kernel's trim after a large module costs, next to the define it follows.

```sh
python benchmarks/free_memory_cost.py             # 25 defines of soak.py's 100 KB .tsx cell, the first 5 not counted
NBBUNDLE_CACHE=off python benchmarks/free_memory_cost.py   # every define compiles (no disk cache)
```

Each run defines the cell with a new label through ``Environment`` (no view: the compile, link and
render a cell run does), then times glibc's ``malloc_trim(0)`` as ``kernel/free_memory.py`` calls it
after a module of 64 KB or more. Prints the medians and the slowest trim. Linux with glibc only
(exit status 2 elsewhere).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from soak import BIG_TSX  # noqa: E402

from nbbundle.kernel import free_memory  # noqa: E402
from nbbundle.kernel.environment import Environment  # noqa: E402

RUNS, WARMUP = 25, 5


def main() -> int:
    trim = free_memory._malloc_trim()
    if trim is None:
        print("free_memory_cost: needs glibc's malloc_trim (Linux with glibc)", file=sys.stderr)
        return 2
    env = Environment(root=Path(tempfile.mkdtemp(prefix="nbb-trim-")))
    defines, trims = [], []
    for n in range(RUNS):
        text = BIG_TSX.replace("{n}", str(n)).split("\n", 1)[1]  # the cell's text, without %%module
        started = time.perf_counter()
        env._define("big.tsx", text, None, asset=False)  # without the trim that define() adds
        defined = time.perf_counter()
        trim(0)
        trimmed = time.perf_counter()
        if n >= WARMUP:
            defines.append((defined - started) * 1000)
            trims.append((trimmed - defined) * 1000)
    env.close()
    print(f"define of the {len(text) // 1024} KB .tsx cell: median {statistics.median(defines):.0f} ms; "
          f"malloc_trim(0) after it: median {statistics.median(trims):.2f} ms, slowest {max(trims):.2f} ms "
          f"({len(trims)} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
