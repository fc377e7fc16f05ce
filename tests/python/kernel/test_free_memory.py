"""After a large module is defined, the kernel gives its free heap pages back to the system
(``kernel/free_memory.py``): the free memory glibc keeps between live blocks stops counting in
the kernel's resident set. A small module's run leaves it as it is (the trim is not worth it)."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# A fresh process (pytest's own heap would blur the figures): a heap with 32 MB free between
# live blocks, as a kernel's is after some large runs, then a small and a large module defined.
KERNEL = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from nbbundle.kernel.environment import Environment

    def rss():
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024

    env = Environment(root=Path(sys.argv[1]))
    env.define("warm.js", "export const warm = 1;\\n")  # imports and first-use caches, before measuring
    kept, freed = [], []
    for n in range(128):  # 256 KB freed between 100 KB texts that live on: holes, not the heap's top
        freed.append(bytearray(256 * 1024))
        kept.append(("%d" % n) + "k" * 100_000)
    freed.clear()
    figures = {"holes": rss()}
    env.define("small.js", "export const small = 1;\\n")
    figures["small"] = rss()
    big = "".join(f"export const item{n}: number = {n};\\n" for n in range(3000))
    assert len(big) > 64 * 1024
    env.define("big.ts", big)
    figures["large"] = rss()
    print(json.dumps(figures))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim and /proc/self/status: Linux with glibc")
def test_a_large_module_gives_the_heaps_free_pages_back(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", KERNEL, str(tmp_path)], capture_output=True, text=True,
                          timeout=120, check=False, env={"NBBUNDLE_CACHE": "off", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    mb = 2**20
    # A small module: the 32 MB of holes stay resident (no trim for a run that frees little).
    assert figures["small"] > figures["holes"] - 4 * mb, figures
    # A large one: the kernel's RSS falls by most of them, though the compile added its own.
    assert figures["large"] < figures["holes"] - 16 * mb, figures
