"""Live views: each module version comes with a source map under one name for every version.

The map is made for the text ``js/view-code.js`` evaluates (``(`` + the init function); the
real decoder reads the kernel's map of a TypeScript cell and of a JSX cell, and node runs the
kernel's code through ``evaluateModule`` with the map (node applies maps to evaluated code, as
DevTools does) so a thrown error names the cell's line:column under the stable name.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from decoder import decode, generated_position, source_position
from missing_tools import skip_without

from nbbundle.kernel.environment import Environment

REPO = Path(__file__).resolve().parents[3]

WIDGET_TS = """type Props = { title: string }; const fallback: string = "hi";
const shout = (text: string): string => text.toUpperCase();
export function render({ el }: { el: { textContent: string } }, props?: Props) {
  el.textContent = shout(props?.title ?? fallback);
}
"""
THROWS_TS = """const limit: number = 3;
interface Reason { text: string }
const reason: Reason = { text: "over " + limit };
throw new RangeError(reason.text);
"""

# Evaluates the kernel's code as a view does and runs it (a stand-in for the module system's
# require: the prologue only defines the exports).
RUN = """
import { evaluateModule } from "%(view_code)s";
const [id, code, map] = JSON.parse(process.argv[1]);
const init = evaluateModule(id, code, 7, map);
const instance = init({}, {}, { d() {} });
for (const _ of instance ?? []); // a compiled init is a generator: instantiated, then run
"""


def _environment(tmp_path: Path) -> tuple[Environment, Any, list[dict[str, Any]]]:
    environment = Environment(root=tmp_path)
    environment.define("widget.ts", WIDGET_TS)
    widget = environment.widget("widget.ts")
    sent: list[dict[str, Any]] = []
    widget.send = sent.append  # type: ignore[method-assign]
    return environment, widget, sent


def test_a_views_module_maps_to_the_cell_as_written(tmp_path: Path) -> None:
    environment, widget, _ = _environment(tmp_path)
    try:
        code = widget._bundle["modules"]["widget.ts"]
        map_json = widget._bundle["maps"]["widget.ts"]
        evaluated = "(" + code  # what the view evaluates: line 1 starts one column later
        line, column = generated_position(evaluated, " fallback")  # the space: still `const`'s
        queries = [(line, column), generated_position(evaluated, "const fallback"),
                   generated_position(evaluated, "text.toUpperCase"),
                   generated_position(evaluated, "shout(props"),
                   generated_position(evaluated, "props?.title")]
        answers, sources = decode(map_json, queries)
        assert sources == ["nbbundle:///widget.ts"]
        assert json.loads(map_json)["sourcesContent"] == [WIDGET_TS]
        expected = [source_position(WIDGET_TS, needle)
                    for needle in ("const fallback", "const fallback", "text.toUpperCase", "shout(props", "props?.title")]
        assert [(a["line"], a["column"]) for a in answers] == expected
    finally:
        environment.close()


def test_the_source_name_is_the_same_for_every_version(tmp_path: Path) -> None:
    environment, widget, sent = _environment(tmp_path)
    try:
        edited = WIDGET_TS.replace("toUpperCase", "toLowerCase")
        environment.define("widget.ts", edited)
        update = next(m for m in sent if m["type"] == "update")
        new_map = json.loads(update["maps"]["widget.ts"])
        assert new_map["sources"] == ["nbbundle:///widget.ts"]
        assert new_map["sourcesContent"] == [edited]
        assert widget._bundle["maps"]["widget.ts"] == update["maps"]["widget.ts"]  # a later view mounts with it
        assert "?v=" not in json.dumps(new_map)
    finally:
        environment.close()


def test_an_error_in_a_views_module_names_the_typescript_line(tmp_path: Path) -> None:
    skip_without("node", "runs the view's code")
    environment = Environment(root=tmp_path)
    try:
        environment.define("throws.ts", THROWS_TS)
        environment.define("widget.ts", 'import "./throws.ts";\nexport function render() {}\n')
        environment.widget("widget.ts")
        code, map_json = environment.rendered["throws.ts"], environment.maps["throws.ts"]
        program = RUN % {"view_code": (REPO / "js" / "view-code.js").as_uri()}
        done = subprocess.run(["node", "--enable-source-maps", "--input-type=module", "-e", program,
                               json.dumps(["throws.ts", code, map_json])], capture_output=True, text=True,
                              timeout=60, check=False)
        line, column = source_position(THROWS_TS, "new RangeError")
        assert f"nbbundle:///throws.ts:{line}:{column + 1}" in done.stderr, done.stderr
        # without the map, the same frame names the version's script
        done = subprocess.run(["node", "--input-type=module", "-e", program, json.dumps(["throws.ts", code, None])],
                              capture_output=True, text=True, timeout=60, check=False)
        assert "nbbundle:///throws.ts?v=7:" in done.stderr, done.stderr
    finally:
        environment.close()
