"""Re-exports of TypeScript types are erased, however they are reached (``export { T } from``,
renamed, through ``export *``, through a chain); a re-export of a name that is neither a value
nor a type stays an error (``export_resolution.py``: ``is_type_only``)."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest
from missing_tools import skip_without

from nbbundle.bundle.build import build
from nbbundle.compile.errors import NbbundleError

if TYPE_CHECKING:
    from pathlib import Path

TYPES = {
    "types.ts": "export type Size = number;\nexport interface Shape { size: Size }\nexport const unit = 'px';\n",
    "stars.ts": 'export * from "./types";\nexport type Extra = string;\n',
    "chain.ts": 'export { Size as Width } from "./stars";\nexport { Shape } from "./types";\n',
    "default.ts": "type D = number;\nexport default D;\n",
    "type-default.ts": "type D = number;\nexport type { D as default };\n",
    "star-default.ts": 'export * from "./type-default";\n',
    "mixed.ts": 'export { Size, unit } from "./types";\n',
    # Looking for a type through loop-a ⇄ loop-b comes back to where it was before it reaches types.
    "types-and-loop.ts": 'export * from "./types";\nexport * from "./loop-a";\n',
    "loop-a.ts": 'export * from "./loop-b";\n',
    "loop-b.ts": 'export * from "./loop-a";\n',
}


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")


def test_type_reexports_through_stars_renames_and_chains_are_erased(tmp_path: Path) -> None:
    write(tmp_path, {**TYPES, "main.ts": (
        'export { Size, Shape, unit } from "./types";\nexport { Extra, Size as S2 } from "./stars";\n'
        'export { Width, Shape as Form } from "./chain";\nexport { Size as S3 } from "./types-and-loop";\n'
        'import { unit as u } from "./stars";\nimport * as mixed from "./mixed";\n'
        "console.log(u, JSON.stringify(Object.keys(mixed)));\n")})
    out = tmp_path / "bundle.js"
    out.write_text(build(tmp_path / "main.ts").code, encoding="utf-8")
    skip_without("node", "the bundle runs under node")
    ran = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=True)
    assert ran.stdout == 'px ["unit"]\n'  # a namespace has no key for a type


@pytest.mark.parametrize("line", [
    'export { Missing } from "./types";',  # neither a value nor a type there
    'export { Missing } from "./stars";',  # nor through the star
    'export { default as Missing } from "./stars";',  # `export *` brings no default
    'export { default as Missing } from "./star-default";',  # not even a type's
    'export { Missing } from "./loop-a";',  # a cycle of stars brings nothing either
])
def test_a_reexport_of_nothing_stays_an_error(tmp_path: Path, line: str) -> None:
    write(tmp_path, {**TYPES, "main.ts": line + "\nconsole.log(1);\n"})
    with pytest.raises(NbbundleError) as caught:
        build(tmp_path / "main.ts")
    assert [d.code for d in caught.value.diagnostics] == ["MISSING_EXPORT"]


def test_a_reexport_of_a_name_that_is_a_type_and_a_value_stays(tmp_path: Path) -> None:
    """TypeScript lets a type and a value share a name: its re-export is the value's, in the
    module's namespace and for a named import."""
    write(tmp_path, {"both.ts": "export interface Options { size: number }\nexport const Options = { size: 3 };\n",
                     "mid.ts": 'export { Options } from "./both";\n',
                     "main.ts": 'import * as mid from "./mid";\nimport { Options } from "./mid";\n'
                                "console.log(JSON.stringify(Object.keys(mid)), Options.size);\n"})
    out = tmp_path / "bundle.js"
    out.write_text(build(tmp_path / "main.ts").code, encoding="utf-8")
    skip_without("node", "the bundle runs under node")
    ran = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=True)
    assert ran.stdout == '["Options"] 3\n'


def test_a_star_getter_takes_no_way_through_an_erased_default(tmp_path: Path) -> None:
    """b1's `export { default as v }` of a type is erased: no way to v goes through it (nor
    through the stars of the type's module, which bring no default). a's getter for v reads it
    through e, four stars deep, not through b, whose only way leads back to a (round and round)."""
    write(tmp_path, {"main.ts": 'import * as A from "./a";\nconsole.log(A.v);\n',
                     "a.ts": 'export * from "./b";\nexport * from "./e";\n',
                     "b.ts": 'export * from "./b1";\nexport * from "./b2";\n',
                     "b1.ts": 'export { default as v } from "./m";\n',
                     "m.ts": 'type D = number;\nexport type { D as default };\nexport * from "./d";\n',
                     "d.ts": "export default 1;\n",
                     "b2.ts": 'export * from "./a";\n',
                     "e.ts": 'export * from "./e1";\n', "e1.ts": 'export * from "./e2";\n',
                     "e2.ts": 'export * from "./e3";\n', "e3.ts": 'export * from "./c";\n',
                     "c.ts": 'export const v = "v";\n'})
    out = tmp_path / "bundle.js"
    out.write_text(build(tmp_path / "main.ts").code, encoding="utf-8")
    skip_without("node", "the bundle runs under node")
    ran = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=True)
    assert ran.stdout == "v\n"
