"""A restarted kernel that shows the same app compiles nothing it compiled before (the compile
cache on disk, ``compile/disk_cache.py``): cells, files next to the notebook and TypeScript."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from nbbundle.compile import disk_cache

KERNEL_SESSION = textwrap.dedent("""
    import sys
    from pathlib import Path
    from nbbundle.kernel.environment import Environment

    root = Path(sys.argv[1])
    env = Environment(root=root)
    env.define("greet.ts", "export function greet(name: string): string { return `hi ${name}`; }\\n")
    env.define("app.js", 'import { greet } from "./greet.ts";\\nimport { n } from "./lib.js";\\n'
                         'export function render({ el }) { el.textContent = greet("x") + n; }\\n')
    widget = env.widget("app.js")
    print(widget._bundle["modules"])  # what a view would run
    env.close()
""")


def _entries(folder: Path) -> dict[str, tuple[str, int]]:
    """Entry key → (pack, offset): an entry written again is appended, at another place."""
    return disk_cache.DiskCache(folder).stored()


def _kernel(root: Path, cache: Path) -> str:
    env = {**os.environ, "NBBUNDLE_CACHE_DIR": str(cache)}
    env.pop("NBBUNDLE_CACHE", None)
    done = subprocess.run([sys.executable, "-c", KERNEL_SESSION, str(root)], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_restarted_kernel_compiles_nothing_it_compiled_before(tmp_path: Path) -> None:
    root = tmp_path / "notebook"
    root.mkdir()
    (root / "lib.js").write_text("export const n = 1;\n")
    cache = tmp_path / "cache"
    first = _kernel(root, cache)
    written = _entries(cache)
    assert len(written) >= 3, written  # greet.ts, app.js, lib.js
    assert _kernel(root, cache) == first
    assert _entries(cache) == written, "the restarted kernel compiled again"
    (root / "lib.js").write_text("export const n = 2;\n")  # an edit is compiled, the rest is not
    _kernel(root, cache)
    after = _entries(cache)
    assert set(written) < set(after) and len(after) == len(written) + 1
    assert all(after[name] == place for name, place in written.items())
