"""One test per import/export form: source in, init function out (Vite's ssrTransform.spec style)."""

from __future__ import annotations

import pytest

from compile_helpers import compile_modules, compile_one

A_JS = 'export let a = 1; export function f() {} export default 0;'

CASES = [
    pytest.param(
        "import x from './a.js';\nx;",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("a.js"); yield; __nbb_require__("a.js"); 
__nbb_import_0__.default;
}""",
        id='default import',
    ),
    pytest.param(
        "import { f } from './a.js';\nf();",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("a.js"); yield; __nbb_require__("a.js"); 
(0, __nbb_import_0__.f)();
}""",
        id='named import called with this undefined',
    ),
    pytest.param(
        "import { a as b } from './a.js';\nb + 1;",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("a.js"); yield; __nbb_require__("a.js"); 
__nbb_import_0__.a + 1;
}""",
        id='named import with alias',
    ),
    pytest.param(
        "import * as ns from './a.js';\nns.a;",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("a.js"), __nbb_namespace_0__ = __nbb_require__.l("a.js", ["a", "default", "f"], ["a", "default"]); const ns = __nbb_namespace_0__; yield; __nbb_require__("a.js"); 
__nbb_import_0__.a;
}""",
        id='namespace import read by name',
    ),
    pytest.param(
        "import * as ns from './a.js';\n"
        "ns.f(); ns.f?.(); (ns.f)(); ns.f`t`; new ns.f(); (0, ns.f)(); ns.a.b(); ns?.a; ns['a'];\n"
        "ns.a = 1; ns.a++; delete ns.a; [ns.a] = []; ({ k: ns.a } = {}); [ns.a = ns.a] = []; for (ns.a of []);\n"
        "log(ns, typeof ns.a, { ns });",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("a.js"), __nbb_namespace_0__ = __nbb_require__.l("a.js", ["a", "default", "f"], ["a", "default"]); const ns = __nbb_namespace_0__; yield; __nbb_require__("a.js"); 
ns.f(); ns.f?.(); (ns.f)(); ns.f`t`; new __nbb_import_0__.f(); (0, __nbb_import_0__.f)(); __nbb_import_0__.a.b(); ns?.a; ns['a'];
ns.a = 1; ns.a++; delete ns.a; [ns.a] = []; ({ k: ns.a } = {}); [ns.a = __nbb_import_0__.a] = []; for (ns.a of []);
log(ns, typeof __nbb_import_0__.a, { ns });
}""",
        id='namespace import: calls, writes and values keep the namespace',
    ),
    pytest.param(
        "import x, * as ns from './a.js';\nx + ns.a;",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("a.js"), __nbb_namespace_0__ = __nbb_require__.l("a.js", ["a", "default", "f"], ["a", "default"]); const ns = __nbb_namespace_0__; yield; __nbb_require__("a.js"); 
__nbb_import_0__.default + __nbb_import_0__.a;
}""",
        id='default and namespace import',
    ),
    pytest.param(
        "import x, { a, f as g } from './a.js';\ng(x, a);",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("a.js"); yield; __nbb_require__("a.js"); 
(0, __nbb_import_0__.f)(__nbb_import_0__.default, __nbb_import_0__.a);
}""",
        id='default and named imports',
    ),
    pytest.param(
        "import { 'a b' as c } from './s.js';\nc;",
        {'s_js': "const v = 1; export { v as 'a b' };"},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("s.js"); yield; __nbb_require__("s.js"); 
__nbb_import_0__["a b"];
}""",
        id='string import name',
    ),
    pytest.param(
        "import './a.js';\nimport './b.js';",
        {'b_js': 'export {}'},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("a.js"), __nbb_import_1__ = __nbb_require__.b("b.js"); yield; __nbb_require__("a.js"); __nbb_require__("b.js"); 

}""",
        id='side effect imports keep their order',
    ),
    pytest.param(
        "import data from './d.json' with { type: 'json' };\ndata;",
        {'d_json': '{"k": 1}'},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("d.json"); yield; __nbb_require__("d.json"); 
__nbb_import_0__.default;
}""",
        id='import attributes',
    ),
    pytest.param(
        "export { a, f as g } from './a.js';",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"a": () => __nbb_import_0__.a, "g": () => __nbb_import_0__.f}); var __nbb_import_0__ = __nbb_require__.b("a.js", ["a"]); yield; __nbb_require__("a.js"); 
}""",
        id='re-export named',
    ),
    pytest.param(
        "export { default } from './a.js';\nexport { default as d2 } from './a.js';",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"d2": () => __nbb_import_0__.default, "default": () => __nbb_import_0__.default}); var __nbb_import_0__ = __nbb_require__.b("a.js", ["default"]); yield; __nbb_require__("a.js"); 

}""",
        id='re-export default',
    ),
    pytest.param(
        "export * from './a.js';",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"a": () => __nbb_import_0__.a, "f": () => __nbb_import_0__.f}); var __nbb_import_0__ = __nbb_require__.b("a.js", ["a"]); yield; __nbb_require__("a.js"); 
}""",
        id='export star leaves out default',
    ),
    pytest.param(
        "export * as ns from './a.js';",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"ns": () => __nbb_namespace_0__}); var __nbb_import_0__ = __nbb_require__.b("a.js"), __nbb_namespace_0__ = __nbb_require__.l("a.js", ["a", "default", "f"], ["a", "default"]); yield; __nbb_require__("a.js"); 
}""",
        id='export star as namespace',
    ),
    pytest.param(
        "export { a as 'a b' } from './a.js';",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"a b": () => __nbb_import_0__.a}); var __nbb_import_0__ = __nbb_require__.b("a.js", ["a"]); yield; __nbb_require__("a.js"); 
}""",
        id='re-export under a string name',
    ),
    pytest.param(
        'export let a = 1;\nexport const b = 2, c = 3;\nexport var d;',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"a": () => a, "b": () => b, "c": () => c, "d": () => d}); yield; let a = 1;
const b = 2, c = 3;
var d;
}""",
        id='export let const var',
    ),
    pytest.param(
        'export const { a, b: [c], ...d } = o;',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"a": () => a, "c": () => c, "d": () => d}); yield; const { a, b: [c], ...d } = o;
}""",
        id='export destructuring',
    ),
    pytest.param(
        'export function f() {}\nexport async function g() {}\nexport function* h() {}\nexport class C {}',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"C": () => C, "f": () => f, "g": () => g, "h": () => h}); yield; function f() {}
async function g() {}
function* h() {}
class C {}
}""",
        id='export function and class declarations',
    ),
    pytest.param(
        'let a = 1, b = 2;\nexport { a, b as c };',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"a": () => a, "c": () => b}); yield; let a = 1, b = 2;

}""",
        id='export list',
    ),
    pytest.param(
        "import { a } from './a.js';\nexport { a as b };",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"b": () => __nbb_import_0__.a}); var __nbb_import_0__ = __nbb_require__.b("a.js", ["a"]); yield; __nbb_require__("a.js"); 

}""",
        id='export an imported binding',
    ),
    pytest.param(
        'export default function f() {}',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => f}); yield; function f() {}
}""",
        id='default named function',
    ),
    pytest.param(
        'export default function () {}',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => __nbb_default__}); Object.defineProperty(__nbb_default__, "name", { value: "default", configurable: true }); yield; function __nbb_default__() {}
}""",
        id='default anonymous function is hoisted and named default',
    ),
    pytest.param(
        'export default async function* () {}',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => __nbb_default__}); Object.defineProperty(__nbb_default__, "name", { value: "default", configurable: true }); yield; async function* __nbb_default__() {}
}""",
        id='default async generator',
    ),
    pytest.param(
        'export default class C {}',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => C}); yield; class C {}
}""",
        id='default named class',
    ),
    pytest.param(
        'export default class {}',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => __nbb_default__}); yield; const __nbb_default__ = ({ default: class {}}).default;
}""",
        id='default anonymous class is named default',
    ),
    pytest.param(
        'export default () => 1;',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => __nbb_default__}); yield; const __nbb_default__ = ({ default: () => 1}).default;
}""",
        id='default arrow is named default',
    ),
    pytest.param(
        'export default a ? b : c',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => __nbb_default__}); yield; const __nbb_default__ = a ? b : c;
}""",
        id='default expression',
    ),
    pytest.param(
        'let a;\nexport default a = 1;',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => __nbb_default__}); yield; let a;
const __nbb_default__ = a = 1;
}""",
        id='default assignment',
    ),
    pytest.param(
        'const x = 1;\nexport { x as default };',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => x}); yield; const x = 1;

}""",
        id='export as default',
    ),
    pytest.param(
        "const m = await import('./a.js');",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); yield; if (__nbb_require__.a([], 1)) yield; const m = __nbb_require__.y(yield( __nbb_require__.i("a.js")));
}""",
        id='dynamic import',
    ),
    pytest.param(
        'console.log(import.meta.url);',
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); yield; console.log(__nbb_module__.meta.url);
}""",
        id='import meta',
    ),
    pytest.param(
        "import { a } from './a.js';\nfunction g(a) { return a; }\n{ let a = 2; a; }\na;",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("a.js"); yield; __nbb_require__("a.js"); 
function g(a) { return a; }
{ let a = 2; a; }
__nbb_import_0__.a;
}""",
        id='shadowed import is not rewritten',
    ),
    pytest.param(
        "import { a } from './a.js';\nconst o = { a };",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("a.js"); yield; __nbb_require__("a.js"); 
const o = { a: __nbb_import_0__.a };
}""",
        id='shorthand property',
    ),
    pytest.param(
        "a;\nimport { a } from './a.js';",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("a.js"); yield; __nbb_require__("a.js"); __nbb_import_0__.a;

}""",
        id='imports are hoisted',
    ),
    pytest.param(
        "import confetti from 'https://esm.sh/canvas-confetti';\nconfetti();",
        {},
        """\
function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__; yield; if (__nbb_require__.a([], 1)) yield; __nbb_import_0__ = yield import("https://esm.sh/canvas-confetti"); 
(0, __nbb_import_0__.default)();
}""",
        id='url import makes the module async',
    ),
    pytest.param(
        "for await (const x of [1]) console.log(x);\nawait null;",
        {},
        """\
async function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); if (__nbb_require__.a([], 1)) yield; for await (const x of [1]) console.log(x);
await null;
}""",
        id='top-level for await keeps native awaits',
    ),
]


@pytest.mark.parametrize(("source", "dependencies", "expected"), CASES)
def test_form(source: str, dependencies: dict[str, str], expected: str) -> None:
    assert compile_one(source, a_js=A_JS, **dependencies) == expected


def test_commonjs_module_is_wrapped_and_its_requires_resolved() -> None:
    modules = compile_modules({"main.cjs": "const b = require('./b.cjs');\nmodule.exports = { b };",
                               "b.cjs": "exports.x = 1;"})
    assert modules["main.cjs"] == (
        "function main_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) "
        "{__nbb_require__.c(function (module, exports, require) {const b = require(\"b.cjs\");\n"
        "module.exports = { b };\n}, [\"b\"]);}"
    )


def test_line_numbers_survive_removed_statements() -> None:
    source = "import {\n  a,\n} from './a.js';\nexport {\n  a as b,\n};\nthrow a;"
    body = compile_one(source, a_js=A_JS)
    # The header shares line 1 with the source's first line; `throw` stays on line 7.
    assert body.split("\n")[6] == "throw __nbb_import_0__.a;"



def test_a_cell_edited_many_times_keeps_only_its_last_few_compiled_versions() -> None:
    # Memory per cell run must stay bounded: each edit is new text, and a session may run a
    # cell thousands of times (benchmarks/soak.py measures the kernel's growth).
    import gc

    from nbbundle.compile.module import TransformResult
    from nbbundle.compile.transform import transform

    def alive() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, TransformResult) and o.id == "edited.js")

    for n in range(50):
        transform("edited.js", f"export const n = {n};\n")
    assert alive() <= 4
    assert transform("edited.js", "export const n = 49;\n") is transform("edited.js", "export const n = 49;\n")
