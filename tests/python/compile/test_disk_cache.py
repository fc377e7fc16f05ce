"""The compile cache on disk: same bytes warm as cold, safe under two writers, damage is a miss,
bounded, and invalidated by anything a compiled module depends on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nbbundle.bundle.build import build
from nbbundle.compile import disk_cache, transform
from nbbundle.compile.cache import VersionedCache
from nbbundle.compile.options import CompileOptions, JsxOptions

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> disk_cache.DiskCache:
    """A fresh cache folder in use, and an empty in-memory cache (so the disk is asked)."""
    monkeypatch.setattr(transform, "_cache", VersionedCache())
    monkeypatch.setattr(disk_cache, "_configured", True)
    monkeypatch.setattr(disk_cache, "_active", None)
    used = disk_cache.configure(tmp_path / "cache")
    assert used is not None
    return used


def _forget_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transform, "_cache", VersionedCache())


def _entries(folder: Path) -> dict[str, tuple[str, int]]:
    """Entry key → (pack, offset): an entry written again is appended, at another place."""
    return disk_cache.DiskCache(folder).stored()


def _packs(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{disk_cache.FORMAT}/*.pack"))


def test_every_fixture_builds_the_same_bytes_from_the_cache(cache: disk_cache.DiskCache,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # Compiled in this process: a worker's reads of the cache are its own (its hits are not
    # counted here), and since workers start as the eighth file waits, big fixtures would use them.
    monkeypatch.setenv("NBBUNDLE_WORKERS", "0")
    cases = sorted(p for p in FIXTURES_DIR.iterdir() if (p / "main.js").is_file())
    cold = {case.name: build(case / "main.js").code for case in cases}
    written = _entries(cache.directory)
    assert len(written) >= len(cases)
    _forget_memory(monkeypatch)
    hits_before = cache.hits
    warm = {case.name: build(case / "main.js").code for case in cases}
    assert warm == cold
    assert _entries(cache.directory) == written, "a warm build compiled (and wrote) something again"
    assert cache.hits - hits_before >= len(written)


def _cli_build(entry: Path, out: Path, cache_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NBBUNDLE_CACHE")}
    return subprocess.run([sys.executable, "-m", "nbbundle", "build", str(entry), "-o", str(out),
                           "--cache-dir", str(cache_dir), *extra],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False)


def _many_modules(folder: Path, count: int) -> Path:
    """An app of ``count`` modules, each importing the next (enough for the forked workers)."""
    folder.mkdir()
    for index in range(count):
        following = f'import {{ v{index + 1} }} from "./m{index + 1}.js";\n' if index + 1 < count else ""
        tail = f" + v{index + 1}" if index + 1 < count else ""
        (folder / f"m{index}.js").write_text(f"{following}export const v{index} = {index}{tail};\n")
    (folder / "main.js").write_text('import { v0 } from "./m0.js";\nconsole.log(v0);\n')
    return folder / "main.js"


def test_a_second_process_compiles_nothing_the_first_compiled(tmp_path: Path) -> None:
    entry = _many_modules(tmp_path / "app", 40)
    cache_dir = tmp_path / "cache"
    first = _cli_build(entry, tmp_path / "a.js", cache_dir)
    assert first.returncode == 0, first.stderr
    written = _entries(cache_dir)
    assert len(written) == 41
    second = _cli_build(entry, tmp_path / "b.js", cache_dir)
    assert second.returncode == 0, second.stderr
    assert _entries(cache_dir) == written
    assert (tmp_path / "a.js").read_bytes() == (tmp_path / "b.js").read_bytes()


def test_two_processes_filling_one_cache_at_once(tmp_path: Path) -> None:
    entry = _many_modules(tmp_path / "app", 120)
    cache_dir = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NBBUNDLE_CACHE")}
    # Both start, import, and wait for one signal, so that neither finds the cache already
    # filled by the other (a build of this app takes a fraction of a second).
    go = tmp_path / "go"
    waiting = ("import os, runpy, sys, time\n"
               "import nbbundle.cli\n"
               "while not os.path.exists(sys.argv[1]): time.sleep(0.005)\n"
               "sys.argv = ['nbbundle', *sys.argv[2:]]\n"
               "runpy.run_module('nbbundle', run_name='__main__')\n")
    runs = [subprocess.Popen([sys.executable, "-c", waiting, str(go), "build", str(entry), "-o", str(tmp_path / f"{n}.js"),
                              "--cache-dir", str(cache_dir)], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(2)]
    go.touch()
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
    reference = _cli_build(entry, tmp_path / "ref.js", tmp_path / "unused", "--no-cache")
    assert reference.returncode == 0, reference.stderr
    assert (tmp_path / "0.js").read_bytes() == (tmp_path / "1.js").read_bytes() == (tmp_path / "ref.js").read_bytes()
    assert not (tmp_path / "unused").exists(), "--no-cache wrote a cache"
    assert not list(cache_dir.glob("*/.tmp-*")), "a writer left a temporary file"
    reader = disk_cache.DiskCache(cache_dir)
    names = list(_entries(cache_dir))
    assert len(names) == 121
    assert all(reader.get(name) is not None for name in names), "an entry two writers made does not load"
    # Each process appends to packs of its own (two builds, their workers): no file is shared.
    assert len(_packs(cache_dir)) >= 2
    assert {path.name.split("-")[0] for path in _packs(cache_dir)} == {
        path.name.split("-")[0] for path in cache_dir.glob(f"{disk_cache.FORMAT}/*.idx")}


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_entry_is_a_miss_and_is_written_again(damage: str, cache: disk_cache.DiskCache,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    text = "export const answer = 42;\n"
    good = transform.transform("a.js", text)
    [path] = _packs(cache.directory)
    blob = path.read_bytes()
    path.write_bytes({"truncated": blob[: len(blob) // 2], "garbage": b"\x80" * len(blob), "empty": b""}[damage])
    _forget_memory(monkeypatch)
    misses = cache.misses
    assert transform.transform("a.js", text) == good
    assert cache.misses == misses + 1
    # Written again (appended where its writer's pack ends now), and what a new reader finds.
    assert path.read_bytes().endswith(blob), "the entry was not written again"
    _forget_memory(monkeypatch)
    monkeypatch.setattr(disk_cache, "_active", disk_cache.DiskCache(cache.directory))
    assert transform.transform("a.js", text) == good
    assert disk_cache.active().hits == 1


def test_a_torn_index_entry_is_left_out(tmp_path: Path) -> None:
    """A writer killed in the middle of an index entry: the entries before it still load."""
    writer = disk_cache.DiskCache(tmp_path, fingerprint=b"f")
    keys = [writer.key(f"m{n}.js", b"", "js") for n in range(2)]
    for n, key in enumerate(keys):
        writer.put(key, transform.transform(f"m{n}.js", f"export const v = {n};"))
    [index] = tmp_path.glob(f"{disk_cache.FORMAT}/*.idx")
    index.write_bytes(index.read_bytes()[:-5])
    reader = disk_cache.DiskCache(tmp_path, fingerprint=b"f")
    assert reader.get(keys[0]) is not None
    assert reader.get(keys[1]) is None


def test_a_damaged_length_in_an_index_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index entry that claims 4 GB: a miss, never a read of that size."""
    asked: list[int] = []
    pread = os.pread

    def recorded(handle: int, length: int, offset: int) -> bytes:
        asked.append(length)
        return pread(handle, length, offset)

    monkeypatch.setattr(os, "pread", recorded)
    writer = disk_cache.DiskCache(tmp_path, fingerprint=b"f")
    key = writer.key("m.js", b"", "js")
    writer.put(key, transform.transform("m.js", "export const v = 1;"))
    [index] = tmp_path.glob(f"{disk_cache.FORMAT}/*.idx")
    entry = bytearray(index.read_bytes())
    entry[40:44] = b"\xff\xff\xff\xff"  # the length, after the key (32 bytes) and the offset (8)
    index.write_bytes(bytes(entry))
    reader = disk_cache.DiskCache(tmp_path, fingerprint=b"f")
    assert reader.get(key) is None
    assert reader.misses == 1
    assert not [length for length in asked if length > 1 << 20]


def test_the_least_recently_used_packs_go_first(tmp_path: Path) -> None:
    """Eviction removes whole packs, the least recently used first (a hit refreshes its pack),
    until the folder is at 80 % of its bound; a build's record goes by the same rule."""
    keys = []
    for index in range(10):  # ten processes' packs, the first written longest ago
        writer = disk_cache.DiskCache(tmp_path / "cache", max_bytes=1 << 40, fingerprint=b"f")
        key = writer.key(f"m{index}.js", f"export const v = {index};".encode(), "js")
        writer.put(key, transform.transform(f"m{index}.js", f"export const v = {index};"))
        keys.append(key)
        [pack] = [path for path in _packs(tmp_path / "cache") if path.stat().st_mtime_ns > 10**18]
        os.utime(pack, ns=(index * 10**9, index * 10**9))
    record = tmp_path / "cache" / disk_cache.BUILDS / "r"
    record.parent.mkdir()
    record.write_bytes(b"x" * 100)
    os.utime(record, ns=(5 * 10**9 + 1, 5 * 10**9 + 1))  # used after the sixth pack
    reader = disk_cache.DiskCache(tmp_path / "cache", fingerprint=b"f")
    assert reader.get(keys[0]) is not None  # used now: the newest of all
    size = sum(path.stat().st_size for path in (tmp_path / "cache").glob("*/*"))
    reader.max_bytes = size // 2
    reader.evict()
    assert sum(path.stat().st_size for path in (tmp_path / "cache").glob("*/*")) <= reader.max_bytes * 8 // 10
    kept = disk_cache.DiskCache(tmp_path / "cache", fingerprint=b"f")
    alive = [key for key in keys if kept.get(key) is not None]
    assert keys[0] in alive, "the entry used last was evicted"
    gone = [key for key in keys if key not in alive]
    assert gone == keys[1:len(gone) + 1], "eviction did not take the oldest first"
    assert record.exists() == (len(gone) < 6)
    assert len(_packs(tmp_path / "cache")) == len(alive)
    assert not [path for path in (tmp_path / "cache").glob(f"{disk_cache.FORMAT}/*.idx")
                if not path.with_suffix(".pack").exists()], "an index outlived its pack"


def test_eviction_empties_an_earlier_formats_folders_and_nothing_else(tmp_path: Path) -> None:
    """An nbbundle before packs kept a file per module in ``v2/<prefix>/<key>``: no reader opens
    them and no bound counts them, so eviction removes them, and only them (the folder may be
    one the user chose and put other things in)."""
    root = tmp_path / "cache"
    key = "ab" * 32
    for former in ("v1", "v2", "builds-v2"):
        (root / former / "ab").mkdir(parents=True)
        (root / former / "ab" / key).write_bytes(b"old entry")
        (root / former / "ab" / ".tmp-12-abcdef").write_bytes(b"torn")
    (root / "v1" / "ab" / "notes.txt").write_text("mine")
    (root / "v2" / "mine").mkdir()
    (root / "v3").mkdir()
    (root / "v3" / "ab").mkdir()
    (root / "v3" / "ab" / key).write_bytes(b"not a format of ours")
    disk_cache.DiskCache(root, fingerprint=b"f").evict()
    assert not (root / "v2" / "ab").exists() and not (root / "builds-v2").exists()
    assert sorted(path.name for path in (root / "v1" / "ab").iterdir()) == ["notes.txt"]
    assert (root / "v2" / "mine").is_dir(), "a folder that is not a key prefix was removed"
    assert (root / "v3" / "ab" / key).read_bytes() == b"not a format of ours"


def test_too_many_packs_are_evicted_when_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each pack costs every reader an index to read: past the limit the oldest go."""
    monkeypatch.setattr(disk_cache, "_MAX_PACKS", 5)
    keys = []
    for index in range(8):
        writer = disk_cache.DiskCache(tmp_path, fingerprint=b"f")
        keys.append(writer.key(f"m{index}.js", b"", "js"))
        writer.put(keys[-1], transform.transform(f"m{index}.js", f"export const v = {index};"))
        os.utime(max(_packs(tmp_path), key=lambda p: p.stat().st_mtime_ns), ns=(index * 10**9, index * 10**9))
    disk_cache.DiskCache(tmp_path, fingerprint=b"f").get(keys[-1])
    assert len(_packs(tmp_path)) == 4
    kept = disk_cache.DiskCache(tmp_path, fingerprint=b"f")
    assert [kept.get(key) is not None for key in keys] == [False] * 4 + [True] * 4


def test_anything_a_result_depends_on_is_in_the_key(tmp_path: Path) -> None:
    one = disk_cache.DiskCache(tmp_path, fingerprint=b"nbbundle 1")
    other = disk_cache.DiskCache(tmp_path, fingerprint=b"nbbundle 2")
    data = b"export const v = <b>1</b>;"
    base = one.key("a.jsx", data, f"jsx:None:{CompileOptions()}")
    assert base != other.key("a.jsx", data, f"jsx:None:{CompileOptions()}")
    assert base != one.key("b.jsx", data, f"jsx:None:{CompileOptions()}")
    assert base != one.key("a.jsx", data + b" ", f"jsx:None:{CompileOptions()}")
    assert base != one.key("a.jsx", data, f"jsx:None:{CompileOptions(jsx=JsxOptions(runtime='classic'))}")
    assert base != one.key("a.jsx", data, f"jsx:None:{CompileOptions(react_refresh=True)}")
    assert base == disk_cache.DiskCache(tmp_path, fingerprint=b"nbbundle 1").key(
        "a.jsx", data, f"jsx:None:{CompileOptions()}")


def test_the_fingerprint_changes_with_the_compiler(tmp_path: Path) -> None:
    before = disk_cache.compiler_fingerprint()
    assert disk_cache.compiler_fingerprint() == before
    source = Path(disk_cache.__file__).with_name("transform.py")
    stat = source.stat()
    try:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        assert disk_cache.compiler_fingerprint() != before
    finally:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert disk_cache.compiler_fingerprint() == before


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(transform, "_cache", VersionedCache())
    monkeypatch.setattr(disk_cache, "_configured", True)
    monkeypatch.setattr(disk_cache, "_active", disk_cache.DiskCache(blocked / "cache"))
    assert transform.transform("a.js", "export default 1;").exports


def test_the_environment_turns_it_off(tmp_path: Path) -> None:
    entry = _many_modules(tmp_path / "app", 3)
    env = {**os.environ, "NBBUNDLE_CACHE": "off", "NBBUNDLE_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "nbbundle", "build", str(entry), "-o", str(tmp_path / "a.js")],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "cache").exists()


def test_the_pickle_a_worker_sends_is_its_own_results(cache: disk_cache.DiskCache) -> None:
    """A worker hands the build the bytes its cache just wrote for a result (``pickled``), so a
    result is pickled once: they are that result's, never the one stored before it's."""
    import pickle

    first = transform.transform("a.js", "export const a = 1;\n")
    second = transform.transform("b.js", "export const b = 2;\n")
    sent = cache.pickled(second)
    [stored] = [path.read_bytes() for path in _packs(cache.directory) if path.read_bytes().endswith(sent)]
    assert pickle.loads(sent) == second
    assert pickle.loads(cache.pickled(first)) == first  # stored before the last: pickled again
    assert pickle.loads(cache.pickled(["a diagnostic"])) == ["a diagnostic"]


def test_an_objects_buffers_follow_its_pickle_as_they_are(cache: disk_cache.DiskCache) -> None:
    """A build's record pickles its script as buffers (``put_object``): written after the pickle
    unchanged, read back with the object; a length that does not add up is a miss even under a
    checksum that matches."""
    import pickle
    import zlib

    script = "var arrow = '→';\n".encode() * 1000
    cache.put_object("ab" * 32, ("record", [pickle.PickleBuffer(b"head;"), pickle.PickleBuffer(script)]), "objects")
    path = cache.directory / "objects" / ("ab" * 32)
    blob = path.read_bytes()
    assert blob.endswith(b"head;" + script)
    name, chunks = cache.get_object("ab" * 32, "objects")
    assert (name, [bytes(chunk) for chunk in chunks]) == ("record", [b"head;", script])
    payload = bytearray(blob[4:])
    size = int.from_bytes(payload[:8], "little")
    payload[8 + size:16 + size] = (3).to_bytes(8, "little")  # three buffers where two are
    path.write_bytes(zlib.crc32(payload).to_bytes(4, "little") + payload)
    assert cache.get_object("ab" * 32, "objects") is None
