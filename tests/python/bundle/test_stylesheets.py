"""Stylesheets as a module graph: ``@import`` inlined in order with its conditions, ``url()`` as
assets, CSS Modules, and the diagnostics. The text is compared with esbuild's bundle of the same
files, both read back with a CSS parser (tokens, not formatting)."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import tinycss2
from missing_tools import skip_without
from npm_cache import COMPILERS, npm_packages

from nbbundle.cli import main
from nbbundle.compile.stylesheets import scoped_class

PNG = bytes.fromhex("89504e470d0a1a0a") + bytes(range(24))
#: Stylesheets nobody here wrote, and the reference bundler.
CSS_PACKAGES = {"normalize.css": "8.0.1", "bootstrap": "5.3.3", "katex": "0.16.22", **COMPILERS}


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)


def run_bundle(root: Path, main_js: str, *flags: str) -> tuple[int, str]:
    """Build ``main_js`` (written as main.js) and run it under node: (exit status, stdout)."""
    write(root, {"main.js": main_js})
    out = root / "dist" / "bundle.js"
    status = main(["build", str(root / "main.js"), "-o", str(out), "--quiet", *flags])
    if status != 0:
        return status, ""
    skip_without("node", "the bundle runs under node")
    done = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=True)
    return status, done.stdout


def css_text_of(root: Path, entry: str, *flags: str) -> str:
    status, out = run_bundle(root, f'import text from "./{entry}?inline";\nconsole.log(JSON.stringify(text));\n', *flags)
    assert status == 0
    return json.loads(out)


def esbuild_css(root: Path, entry: str, *flags: str) -> str:
    esbuild = npm_packages("compilers", COMPILERS) / "node_modules" / ".bin" / "esbuild"
    out = root / "esbuild.css"
    subprocess.run([str(esbuild), str(root / entry), "--bundle", f"--outfile={out}", *flags],
                   check=True, capture_output=True, timeout=120)
    return out.read_text()


def canonical(css: str) -> list:
    """Rules and declarations as nested lists, whitespace, comments and quoting aside."""
    def values(tokens: list) -> list:
        found = []
        for token in tokens:
            if token.type in ("whitespace", "comment") or (token.type == "literal" and token.value == ";"):
                continue
            if token.type == "url":
                found.append(("url", token.value))
            elif token.type == "function" and token.lower_name == "url":
                found.append(("url", next(t.value for t in token.arguments if t.type == "string")))
            elif token.type == "function":
                found.append((token.lower_name, values(token.arguments)))
            elif token.type in ("string", "ident"):
                found.append(token.value)  # esbuild unquotes [type="button"]: the same selector
            elif hasattr(token, "content") and token.content is not None and token.type.endswith("block"):
                found.append((token.type, values(token.content)))
            else:
                found.append(token.serialize())
        return found

    def rules(nodes: list, context: tuple = ()) -> list:
        """Flat: (the enclosing at-rules, the rule); nesting the same conditions twice or once
        is the same style. ``@charset`` is left out (a <style> element ignores it)."""
        found = []
        for node in nodes:
            if node.type == "qualified-rule":
                items = tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)
                found.append((context, values(node.prelude),
                              [(d.lower_name, values(d.value)) for d in items if d.type == "declaration"]))
                found.extend(rules([d for d in items if d.type != "declaration"], (*context, "&")))
            elif node.type == "at-rule" and node.lower_at_keyword != "charset":
                at = ("@" + node.lower_at_keyword, tuple(map(str, values(node.prelude))))
                if node.content is None:
                    found.append((context, at, None))
                elif node.lower_at_keyword in ("media", "supports", "layer"):
                    inner = rules(tinycss2.parse_rule_list(node.content, True, True), (*context, at))
                    found.extend(inner if inner else [(context, at, [])])
                else:
                    items = tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)
                    found.append((context, at, [(d.lower_name, values(d.value)) for d in items if d.type == "declaration"]))
        return found

    return rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def test_imports_are_inlined_in_order_with_their_conditions_as_esbuild_does(tmp_path: Path) -> None:
    write(tmp_path, {
        "base.css": "@charset \"utf-8\";\n.base { color: red }\n",
        "d.css": ".d { top: 0 }\n",
        "b.css": '@import "./d.css";\n.b { color: green }\n',
        "c.css": ".c { color: blue }\n",
        "style.css": ('@import "./base.css" screen;\n'
                      '@import url(./b.css) layer(base) supports(display: grid) print;\n'
                      "@import 'c.css' layer;\n"
                      ".y { margin: 0 }\n"),
    })
    ours = css_text_of(tmp_path, "style.css")
    assert canonical(ours) == canonical(esbuild_css(tmp_path, "style.css"))
    assert [rule[1] for rule in canonical(ours)] == [[".", "base"], [".", "d"], [".", "b"], [".", "c"], [".", "y"]]


def test_url_is_the_asset_url_as_esbuild_dataurl_gives_it(tmp_path: Path) -> None:
    write(tmp_path, {
        "img/logo.png": PNG,
        "parts/box.css": ".box { background: url(../img/logo.png) no-repeat }\n",
        "style.css": ('@import "./parts/box.css";\n'
                      '.a { background-image: url("img/logo.png"); }\n'
                      ".b { background: url(#marker), url(https://example.com/x.png), url(data:image/gif;base64,R0lG) }\n"
                      "@font-face { font-family: F; src: url('./img/logo.png') format('woff2') }\n"),
    })
    ours = css_text_of(tmp_path, "style.css")
    assert canonical(ours) == canonical(esbuild_css(tmp_path, "style.css", "--loader:.png=dataurl"))
    assert ours.count("data:image/png;base64," + base64.b64encode(PNG).decode()) == 3


def test_a_query_or_fragment_on_a_file_url_names_the_file(tmp_path: Path) -> None:
    # Font Awesome's and Bootstrap's @font-face: `font.woff?#iefix`; SVG sprites: `#icon`; cache
    # busting: `@import "b.css?v=1"`. The file is the path alone; the fragment stays on the URL.
    write(tmp_path, {
        "img/logo.png": PNG,
        "b.css": ".b { color: green }\n",
        "style.css": ('@import "./b.css?v=1";\n'
                      "@font-face { font-family: F; src: url('img/logo.png?#iefix') format('woff2') }\n"
                      ".a { background: url(img/logo.png#icon) }\n"),
    })
    ours = css_text_of(tmp_path, "style.css")
    data = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert [rule[1] for rule in canonical(ours)][0] == [".", "b"]
    assert f'url("{data}#iefix")' in ours and f'url("{data}#icon")' in ours
    assert "?" not in ours.split("base64,", 1)[1]  # no query inside the data URL


def test_a_missing_import_and_a_folder_are_diagnostics_in_the_css_file(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"img/keep.txt": "", "style.css": '@charset "utf-8";\n@import "./gone.css";\n.b { background: url(./img) }\n'})
    status, _ = run_bundle(tmp_path, 'import "./style.css";\n')
    err = capsys.readouterr().err
    assert status == 1
    assert 'Could not resolve "./gone.css?inline"' in err and "style.css:2:9" in err
    assert '> 2 | @import "./gone.css";' in err and '1 | @charset "utf-8";' in err
    assert "style.css:3:18" in err and "url(./img)" in err and "\"./img\" is a folder" in err


def test_an_import_cycle_is_one_diagnostic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"a.css": '@import "./b.css";\n.a {}\n', "b.css": '/* b */\n@import "./a.css";\n.b {}\n'})
    status, _ = run_bundle(tmp_path, 'import "./a.css";\n')
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("@import cycle") == 1 and "a.css → b.css → a.css" in err
    assert "a.css:1:9" in err


def test_css_modules_scope_classes_and_export_them(tmp_path: Path) -> None:
    write(tmp_path, {
        "card.module.css": (".card { composes: base; color: blue }\n.base { padding: 1px }\n"
                            '.title-text { composes: strong from "./type.module.css"; }\n'
                            ".tag { composes: legacy from global }\n"
                            ":global(.dark) .card:hover, :local(.base) > .base { color: white }\n"),
        "type.module.css": ".strong { font-weight: bold }\n",
    })
    status, out = run_bundle(tmp_path, (
        'import styles, * as named from "./card.module.css";\n'
        'import text from "./card.module.css?inline";\n'
        "console.log(JSON.stringify({ styles, named: Object.keys(named), text }));\n"))
    assert status == 0
    result = json.loads(out)
    card, base, title, tag = (scoped_class("card.module.css", n) for n in ("card", "base", "title-text", "tag"))
    strong = scoped_class("type.module.css", "strong")
    assert result["styles"] == {"card": f"{card} {base}", "base": base, "title-text": f"{title} {strong}",
                                "tag": f"{tag} legacy"}
    assert result["named"] == ["base", "card", "default", "tag"]  # title-text is no identifier
    assert canonical(result["text"]) == canonical(
        f".{card} {{ color: blue }} .{base} {{ padding: 1px }} .{title} {{ }} .{tag} {{ }}"
        f".dark .{card}:hover, .{base} > .{base} {{ color: white }}")
    assert card == scoped_class("card.module.css?inline", "card")  # the id's path decides, not the query


def test_composes_outside_a_class_rule_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"x.module.css": "div { composes: a }\n"})
    status, _ = run_bundle(tmp_path, 'import s from "./x.module.css";\nconsole.log(s);\n')
    err = capsys.readouterr().err
    assert status == 1 and "composes is allowed only in a rule whose selector has a class" in err
    assert "x.module.css:1:7" in err


def test_an_import_after_a_rule_is_left_as_the_browser_reads_it(tmp_path: Path) -> None:
    # CSS ignores an @import that follows a rule: bundling it would apply styles no browser applies.
    write(tmp_path, {"late.css": ".late { color: red }\n", "style.css": '.a { color: blue }\n@import "./late.css";\n'})
    text = css_text_of(tmp_path, "style.css")
    assert '@import "./late.css";' in text and ".late" not in text


@pytest.mark.parametrize("sheet", ["normalize.css/normalize.css", "bootstrap/dist/css/bootstrap.css"])
def test_real_stylesheets_come_out_as_esbuild_bundles_them(tmp_path: Path, sheet: str) -> None:
    # Code nobody here wrote: pinned packages' CSS (comments, hacks, escapes, @media, @supports).
    packages = npm_packages("css", CSS_PACKAGES)
    shutil.copy(packages / "node_modules" / sheet, tmp_path / "real.css")
    write(tmp_path, {"style.css": '@import "./real.css" screen;\n'})
    ours = css_text_of(tmp_path, "style.css")
    esbuild = packages / "node_modules" / ".bin" / "esbuild"
    out = tmp_path / "esbuild.css"
    subprocess.run([str(esbuild), str(tmp_path / "style.css"), "--bundle", f"--outfile={out}"],
                   check=True, capture_output=True, timeout=120)
    assert canonical(ours) == canonical(out.read_text())


def test_a_real_stylesheet_with_fonts_inlines_them_as_esbuild_dataurl_does(tmp_path: Path) -> None:
    # KaTeX's CSS names its fonts with url(fonts/…) in three formats each.
    packages = npm_packages("css", CSS_PACKAGES)
    dist = packages / "node_modules" / "katex" / "dist"
    shutil.copytree(dist / "fonts", tmp_path / "fonts")
    shutil.copy(dist / "katex.css", tmp_path / "katex.css")
    ours = css_text_of(tmp_path, "katex.css", "--asset-inline-limit", "100000000")
    loaders = [f"--loader:.{ext}=dataurl" for ext in ("woff2", "woff", "ttf")]
    esbuild = packages / "node_modules" / ".bin" / "esbuild"
    out = tmp_path / "esbuild.css"
    subprocess.run([str(esbuild), str(tmp_path / "katex.css"), "--bundle", f"--outfile={out}", *loaders],
                   check=True, capture_output=True, timeout=120)
    assert canonical(ours) == canonical(out.read_text())
    assert ours.count("data:font/woff2;base64,") == 20


def test_css_modules_scope_keyframes_and_the_animations_that_use_them(tmp_path: Path) -> None:
    write(tmp_path, {"spin.module.css": ("@keyframes spin { from { rotate: 0deg } to { rotate: 360deg } }\n"
                                         ".wheel { animation: spin 1s linear infinite; }\n"
                                         ".other { animation-name: fade, spin; }\n")})
    text = css_text_of(tmp_path, "spin.module.css")
    spin = scoped_class("spin.module.css", "spin")
    assert canonical(text) == canonical(
        f"@keyframes {spin} {{ from {{ rotate: 0deg }} to {{ rotate: 360deg }} }}"
        f".{scoped_class('spin.module.css', 'wheel')} {{ animation: {spin} 1s linear infinite }}"
        f".{scoped_class('spin.module.css', 'other')} {{ animation-name: fade, {spin} }}")


CYCLE_HINT = "A stylesheet cannot include itself; remove one of these @import rules."


def cycle_errors(root: Path, files: dict[str, str]) -> list[tuple[object, ...]]:
    from nbbundle.bundle.build import build
    from nbbundle.compile.errors import NbbundleError

    write(root, files)
    with pytest.raises(NbbundleError) as caught:
        build(root / "main.js")
    return [(d.code, d.message, d.module_id, d.line, d.column, d.hint) for d in caught.value.diagnostics]


def test_an_import_cycle_of_files_with_spaces_in_their_names(tmp_path: Path) -> None:
    assert cycle_errors(tmp_path, {
        "main.js": 'import "./my a.css";\n',
        "my a.css": '@import "./my b.css";\n.a {}\n',
        "my b.css": '/* b */\n@import "./my a.css";\n',
    }) == [("CSS_IMPORT_CYCLE", "@import cycle: my a.css → my b.css → my a.css", "my a.css", 1, 8, CYCLE_HINT)]


def test_an_import_cycle_found_after_a_dead_end(tmp_path: Path) -> None:
    assert cycle_errors(tmp_path, {
        "main.js": 'import "./a.css";\n',
        "a.css": '/* a */\n@import "./b.css";\n',
        "b.css": '@import "./c.css";\n@import "./d.css";\n',
        "c.css": ".c {}\n",
        "d.css": '@import "./a.css";\n',
    }) == [("CSS_IMPORT_CYCLE", "@import cycle: a.css → b.css → d.css → a.css", "a.css", 2, 8, CYCLE_HINT)]


def test_an_import_cycle_below_a_stylesheet_is_reported_once(tmp_path: Path) -> None:
    errors = cycle_errors(tmp_path, {
        "main.js": 'import "./a.css";\n',
        "a.css": '@import "./b.css";\n',
        "b.css": '@import "./c.css";\n',
        "c.css": '@import "./d.css";\n',
        "d.css": '@import "./c.css";\n',
    })
    assert len(errors) == 1 and errors[0][1] in ("@import cycle: c.css → d.css → c.css",
                                                  "@import cycle: d.css → c.css → d.css")


def test_a_url_naming_a_stylesheet_is_no_import_cycle(tmp_path: Path) -> None:
    write(tmp_path, {"a.css": ".a { background: url(./a.css) }\n"})
    status, out = run_bundle(tmp_path, 'import text from "./a.css?inline";\nconsole.log(text.includes("url("));\n')
    assert (status, out) == (0, "true\n")


def test_an_external_import_beside_a_local_one_builds(tmp_path: Path) -> None:
    write(tmp_path, {"a.css": '@import "https://example.com/font.css";\n@import "./c.css";\n.a { color: red }\n',
                     "c.css": ".c { color: blue }\n"})
    status, out = run_bundle(tmp_path, 'import text from "./a.css?inline";\nconsole.log(text.includes(".c"));\n')
    assert (status, out) == (0, "true\n")
