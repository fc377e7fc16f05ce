"""What filling the compile cache costs, without the build around it.

Compiles three.js's modules once (in this process, no cache), then stores the 387 results in an
empty cache folder and reads them all back through a new ``DiskCache``, several times, printing
the medians of wall, CPU and system time. With ``--baseline PATH`` (another checkout's
``nbbundle/compile/disk_cache.py``) the two caches take turns, so noise hits both.

    python benchmarks/cache_fill.py [--baseline OLD/nbbundle/compile/disk_cache.py] [--folder DIR] [--reps 7]

``--folder``: where the empty cache folders are made (the file system's cost of creating files
differs from one folder to another: ``/tmp`` against ``~/.cache``). A benchmark: it prints
figures and checks only that every entry reads back.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ["NBBUNDLE_CACHE"] = "off"  # the scan compiles; the caches timed are made here
os.environ["NBBUNDLE_WORKERS"] = "0"

from nbbundle.bundle.load import scan  # noqa: E402
from nbbundle.compile import disk_cache  # noqa: E402

ENTRY = Path(__file__).resolve().parent / ".cache" / "node_modules" / "three" / "src" / "Three.js"


def _usage() -> tuple[float, float, float]:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), used.ru_utime + used.ru_stime, used.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout's nbbundle/compile/disk_cache.py")
    parser.add_argument("--folder", type=Path, help="where to make the empty cache folders (default: the temp dir)")
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    if not ENTRY.is_file():
        raise SystemExit(f"{ENTRY} is missing: run benchmarks/cold_build.py once to install three")
    caches = {"this": disk_cache}
    if args.baseline is not None:
        spec = importlib.util.spec_from_file_location("baseline_disk_cache", args.baseline)
        assert spec is not None and spec.loader is not None
        caches["baseline"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(caches["baseline"])
    results = [node.transform_result for node in scan(ENTRY).graph]
    print(f"{len(results)} modules; load average {os.getloadavg()}")
    figures: dict[str, list[tuple[float, float, float]]] = {}
    for _ in range(args.reps):
        for name, module in caches.items():
            folder = Path(tempfile.mkdtemp(dir=args.folder, prefix="cache-fill-"))
            try:
                cache = module.DiskCache(folder, fingerprint=b"benchmark")
                keys = [cache.key(r.id, r.id.encode(), "js") for r in results]
                wall0, cpu0, sys0 = _usage()
                for key, result in zip(keys, results):
                    cache.put(key, result)
                wall1, cpu1, sys1 = _usage()
                reader = module.DiskCache(folder, fingerprint=b"benchmark")
                assert all(reader.get(key) is not None for key in keys), "an entry did not read back"
                wall2, cpu2, sys2 = _usage()
            finally:
                shutil.rmtree(folder)
            figures.setdefault(f"{name} put", []).append((wall1 - wall0, cpu1 - cpu0, sys1 - sys0))
            figures.setdefault(f"{name} get", []).append((wall2 - wall1, cpu2 - cpu1, sys2 - sys1))
    for label, values in figures.items():
        wall, cpu, system = (statistics.median(v[i] * 1000 for v in values) for i in range(3))
        print(f"{label:13s} median wall {wall:7.1f} ms  CPU {cpu:6.1f} ms  system {system:6.1f} ms")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
