"""Assets in ``build``: images, fonts and data files as modules (Vite's asset handling).

Run as a user would: the CLI writes the bundle, node runs it, and what the modules print is
compared with the files' own bytes, and with esbuild's ``dataurl`` loader where both inline.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from missing_tools import skip_without
from npm_cache import COMPILERS, npm_packages

from nbbundle.cli import main

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(range(40))
BIG = bytes(range(256)) * 20  # 5,120 bytes: over Vite's 4 KB


def node_output(script: Path) -> str:
    skip_without("node", "the bundle runs under node")
    done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def build(root: Path, *flags: str, entry: str = "main.js") -> tuple[int, str, Path]:
    out = root / "dist" / "bundle.js"
    status = main(["build", str(root / entry), "-o", str(out), "--quiet", *flags])
    return status, out.read_text() if out.exists() else "", out


def test_a_small_image_is_the_data_url_esbuild_gives(tmp_path: Path) -> None:
    write(tmp_path, {"logo.png": PNG, "main.js": 'import logo from "./logo.png";\nconsole.log(logo);\n'})
    status, _, out = build(tmp_path)
    assert status == 0
    ours = node_output(out).strip()
    assert ours == "data:image/png;base64," + base64.b64encode(PNG).decode()
    esbuild = npm_packages("compilers", COMPILERS) / "node_modules" / ".bin" / "esbuild"
    reference = tmp_path / "esbuild.js"
    subprocess.run([str(esbuild), str(tmp_path / "main.js"), "--bundle", "--loader:.png=dataurl",
                    f"--outfile={reference}"], check=True, capture_output=True, timeout=120)
    assert node_output(reference).strip() == ours


def test_a_large_asset_is_a_file_with_a_content_hash_beside_the_bundle(tmp_path: Path) -> None:
    write(tmp_path, {"data/big.bin": BIG, "main.js": 'import big from "./data/big.bin";\nconsole.log(big);\n'})
    status, code, out = build(tmp_path)
    assert status == 0
    emitted = [p for p in out.parent.iterdir() if p.name != "bundle.js"]
    assert len(emitted) == 1 and emitted[0].read_bytes() == BIG
    assert emitted[0].name.startswith("big.") and emitted[0].name.endswith(".bin")
    # The module's URL is the emitted file's, resolved against the bundle's own URL.
    assert node_output(out).strip() == emitted[0].as_uri()
    assert BIG.hex()[:64] not in code and base64.b64encode(BIG).decode()[:64] not in code

    first = emitted[0].name
    write(tmp_path, {"data/big.bin": BIG[:-1] + b"!"})
    shutil.rmtree(out.parent)
    assert build(tmp_path)[0] == 0
    (changed,) = [p.name for p in out.parent.iterdir() if p.name != "bundle.js"]
    assert changed != first  # new bytes, new name: caches never serve the old file


def test_the_inline_limit_flag_moves_the_threshold(tmp_path: Path) -> None:
    write(tmp_path, {"logo.png": PNG, "big.bin": BIG,
                     "main.js": 'import logo from "./logo.png";\nimport big from "./big.bin";\nconsole.log(logo, big);\n'})
    status, _, out = build(tmp_path, "--asset-inline-limit", "0")
    assert status == 0
    logo, big = node_output(out).split()
    assert logo.startswith("file://") and big.startswith("file://")
    shutil.rmtree(out.parent)
    status, _, out = build(tmp_path, "--asset-inline-limit", "100000")
    assert status == 0
    logo, big = node_output(out).split()
    assert big == "data:application/octet-stream;base64," + base64.b64encode(BIG).decode()
    assert sorted(p.name for p in out.parent.iterdir()) == ["bundle.js"]


def test_raw_url_and_inline_queries(tmp_path: Path) -> None:
    text = "héllo \"quoted\"\nline 2 \u2028 end\n"
    write(tmp_path, {"note.txt": text, "big.bin": BIG, "main.js": (
        'import note from "./note.txt?raw";\n'
        'import noteUrl from "./note.txt?url";\n'
        'import bigInline from "./big.bin?inline";\n'
        'import bigUrl from "./big.bin?url";\n'
        'console.log(JSON.stringify([note, noteUrl, bigInline, bigUrl]));\n'
    )})
    status, _, out = build(tmp_path)
    assert status == 0
    note, note_url, big_inline, big_url = json.loads(node_output(out))
    assert note == text
    assert note_url == "data:text/plain;base64," + base64.b64encode(text.encode()).decode()
    assert big_inline == "data:application/octet-stream;base64," + base64.b64encode(BIG).decode()
    (emitted,) = [p for p in out.parent.iterdir() if p.name != "bundle.js"]
    assert big_url == emitted.as_uri() and emitted.read_bytes() == BIG


def test_new_url_with_import_meta_url_is_an_asset_reference(tmp_path: Path) -> None:
    write(tmp_path, {"big.bin": BIG, "logo.png": PNG, "main.js": (
        'const big = new URL("./big.bin", import.meta.url);\n'
        "const logo = new URL('./logo.png', import.meta.url).href;\n"
        'function local(URL) { return new URL("./not-an-asset.png", import.meta.url); }\n'
        'const other = new URL("./logo.png", "https://example.com/x/");\n'
        "console.log(big.href, logo, other.href, local(class { constructor(a) { return { href: a }; } }).href);\n"
    )})
    status, code, out = build(tmp_path)
    assert status == 0
    big, logo, other, local = node_output(out).split()
    (emitted,) = [p for p in out.parent.iterdir() if p.name != "bundle.js"]
    assert big == emitted.as_uri() and emitted.read_bytes() == BIG
    assert logo == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert other == "https://example.com/x/logo.png"  # not import.meta.url: left alone
    assert local == "./not-an-asset.png"  # a local URL binding is not the platform's
    assert 'new URL("./not-an-asset.png"' in code


def test_a_missing_asset_is_a_diagnostic_with_a_frame(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"main.js": 'console.log(1);\nimport logo from "./logo.pgn";\nconst u = new URL("./gone.csv", import.meta.url);\n'})
    status, _, _ = build(tmp_path)
    err = capsys.readouterr().err
    assert status == 1
    assert 'Could not resolve "./logo.pgn"' in err and "main.js:2:18" in err
    assert '> 2 | import logo from "./logo.pgn";' in err
    assert "main.js:3:19" in err and "gone.csv" in err


def test_raw_of_a_binary_file_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"logo.png": PNG, "main.js": 'import text from "./logo.png?raw";\nconsole.log(text);\n'})
    assert build(tmp_path)[0] == 1
    err = capsys.readouterr().err
    assert "?raw imports the file as UTF-8 text" in err and "logo.png?raw" in err


def test_the_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    write(tmp_path, {"a.png": PNG, "b.bin": BIG, "c.woff2": b"wOF2" + bytes(10),
                     "main.js": 'import a from "./a.png";\nimport b from "./b.bin";\nimport c from "./c.woff2";\nconsole.log(a, b, c);\n'})
    first = build(tmp_path)[1]
    shutil.rmtree(tmp_path / "dist")
    assert build(tmp_path)[1] == first
    assert "data:font/woff2;base64," in first


def test_assets_compile_in_worker_processes_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Twelve files: enough for the forked workers (bundle/workers.py), which read the disk themselves.
    monkeypatch.setenv("NBBUNDLE_WORKERS", "2")
    files: dict[str, str | bytes] = {f"a{n}.bin": bytes([n]) * (100 + n) for n in range(12)}
    imports = "".join(f'import a{n} from "./a{n}.bin";\n' for n in range(12))
    files["main.js"] = imports + f"console.log(JSON.stringify([{', '.join(f'a{n}' for n in range(12))}]));\n"
    write(tmp_path, files)
    status, _, out = build(tmp_path)
    assert status == 0
    urls = json.loads(node_output(out))
    assert urls == [f"data:application/octet-stream;base64,{base64.b64encode(bytes([n]) * (100 + n)).decode()}"
                    for n in range(12)]
