"""One test per early error: the exact diagnostic (message, position, code frame, hint).

The messages are V8's, so the build says what ``node`` says for the same module; each case was
checked against ``node`` on the unbundled file. Every module is strict, so strict-mode early
errors apply everywhere (CommonJS scripts are checked in test_commonjs.py).
"""

from __future__ import annotations

import json
import subprocess

import pytest
from missing_tools import needs

from nbbundle.compile.errors import ParseError
from nbbundle.compile.transform import transform


def diagnostics(source: str) -> str:
    with pytest.raises(ParseError) as caught:
        transform("m.js", source, "js", package_type="module")
    return "\n\n".join(d.format() for d in caught.value.diagnostics)


CASES = [
    pytest.param(
        'let a = 1;\nlet a = 2;',
        (
            'error: Identifier "a" has already been declared\n'
            '  --> m.js:2:5\n'
            '  1 | let a = 1;\n'
            '> 2 | let a = 2;\n'
            '    |     ^\n'
            'hint: "a" is declared twice in the same scope; rename one of the declarations.'
        ),
        id='duplicate lexical declaration',
    ),
    pytest.param(
        'var a;\nlet a;',
        (
            'error: Identifier "a" has already been declared\n'
            '  --> m.js:2:5\n'
            '  1 | var a;\n'
            '> 2 | let a;\n'
            '    |     ^\n'
            'hint: "a" is declared with var and with let, const, class or a function in the same scope (var reaches the whole function); rename one of them.'
        ),
        id='lexical and var in one scope',
    ),
    pytest.param(
        'let a;\n{ var a; }',
        (
            'error: Identifier "a" has already been declared\n'
            '  --> m.js:2:7\n'
            '  1 | let a;\n'
            '> 2 | { var a; }\n'
            '    |       ^\n'
            'hint: "a" is declared with var and with let, const, class or a function in the same scope (var reaches the whole function); rename one of them.'
        ),
        id='var in a block under let',
    ),
    pytest.param(
        'function f() {}\nfunction f() {}',
        (
            'error: Identifier "f" has already been declared\n'
            '  --> m.js:2:10\n'
            '  1 | function f() {}\n'
            '> 2 | function f() {}\n'
            '    |          ^\n'
            'hint: "f" is declared twice in the same scope; rename one of the declarations.'
        ),
        id='function declarations twice at module top',
    ),
    pytest.param(
        'function f() {}\nvar f;',
        (
            'error: Identifier "f" has already been declared\n'
            '  --> m.js:2:5\n'
            '  1 | function f() {}\n'
            '> 2 | var f;\n'
            '    |     ^\n'
            'hint: "f" is declared with var and with let, const, class or a function in the same scope (var reaches the whole function); rename one of them.'
        ),
        id='function and var at module top',
    ),
    pytest.param(
        'function g(a) {\n  let a;\n}',
        (
            'error: Identifier "a" has already been declared\n'
            '  --> m.js:2:7\n'
            '  1 | function g(a) {\n'
            '> 2 |   let a;\n'
            '    |       ^\n'
            '  3 | }\n'
            'hint: "a" is a parameter of this function; rename the parameter or the declaration.'
        ),
        id='let shadows a parameter',
    ),
    pytest.param(
        'try {} catch (e) {\n  let e;\n}',
        (
            'error: Identifier "e" has already been declared\n'
            '  --> m.js:2:7\n'
            '  1 | try {} catch (e) {\n'
            '> 2 |   let e;\n'
            '    |       ^\n'
            '  3 | }\n'
            'hint: "e" is declared twice in the same scope; rename one of the declarations.'
        ),
        id='catch binding redeclared',
    ),
    pytest.param(
        "import { a } from './x.js';\nimport { a } from './y.js';",
        (
            'error: Identifier "a" has already been declared\n'
            '  --> m.js:2:10\n'
            "  1 | import { a } from './x.js';\n"
            "> 2 | import { a } from './y.js';\n"
            '    |          ^\n'
            'hint: "a" is imported in this module; rename the import or the declaration.'
        ),
        id='duplicate import binding',
    ),
    pytest.param(
        "import { a } from './x.js';\nconst a = 1;",
        (
            'error: Identifier "a" has already been declared\n'
            '  --> m.js:2:7\n'
            "  1 | import { a } from './x.js';\n"
            '> 2 | const a = 1;\n'
            '    |       ^\n'
            'hint: "a" is imported in this module; rename the import or the declaration.'
        ),
        id='import redeclared',
    ),
    pytest.param(
        'const a = 1;\nexport { a };\nexport { a };',
        (
            'error: Duplicate export of "a"\n'
            '  --> m.js:3:10\n'
            '  1 | const a = 1;\n'
            '  2 | export { a };\n'
            '> 3 | export { a };\n'
            '    |          ^\n'
            'hint: Each name can be exported once; rename one of the exports.'
        ),
        id='duplicate export name',
    ),
    pytest.param(
        'export default 1;\nexport default 2;',
        (
            'error: Duplicate export of "default"\n'
            '  --> m.js:2:8\n'
            '  1 | export default 1;\n'
            '> 2 | export default 2;\n'
            '    |        ^^^^^^^\n'
            'hint: Each name can be exported once; rename one of the exports.'
        ),
        id='duplicate default export',
    ),
    pytest.param(
        'export { notDeclared };',
        (
            'error: Export "notDeclared" is not defined in module\n'
            '  --> m.js:1:10\n'
            '> 1 | export { notDeclared };\n'
            '    |          ^^^^^^^^^^^\n'
            'hint: Declare "notDeclared" in this module, or import it, before exporting it.'
        ),
        id='export of an undeclared name',
    ),
    pytest.param(
        'export default let',
        (
            'error: Unexpected strict mode reserved word\n'
            '  --> m.js:1:16\n'
            '> 1 | export default let\n'
            '    |                ^^^\n'
            'hint: This word is reserved in strict code (every ES module is strict); choose another name.'
        ),
        id='export default let',
    ),
    pytest.param(
        'export default const x = 1;',
        (
            "error: Unexpected token 'const'\n"
            '  --> m.js:1:16\n'
            '> 1 | export default const x = 1;\n'
            '    |                ^^^^^\n'
            'hint: export default takes an expression, a function or a class: declare the variable first, then write export default x;'
        ),
        id='export default const',
    ),
    pytest.param(
        'export default var x = 1;',
        (
            "error: Unexpected token 'var'\n"
            '  --> m.js:1:16\n'
            '> 1 | export default var x = 1;\n'
            '    |                ^^^\n'
            'hint: export default takes an expression, a function or a class: declare the variable first, then write export default x;'
        ),
        id='export default var',
    ),
    pytest.param(
        'return 1;',
        (
            'error: Illegal return statement\n'
            '  --> m.js:1:1\n'
            '> 1 | return 1;\n'
            '    | ^^^^^^^^^\n'
            "hint: A module's top level is not a function; return from a function instead."
        ),
        id='top-level return',
    ),
    pytest.param(
        'new.target;',
        (
            'error: new.target expression is not allowed here\n'
            '  --> m.js:1:1\n'
            '> 1 | new.target;\n'
            '    | ^^^^^^^^^^\n'
            'hint: new.target is only meaningful inside a function.'
        ),
        id='top-level new.target',
    ),
    pytest.param(
        'await null;\nyield 1;',
        (
            'error: Unexpected strict mode reserved word\n'
            '  --> m.js:2:1\n'
            '  1 | await null;\n'
            '> 2 | yield 1;\n'
            '    | ^^^^^\n'
            'hint: This word is reserved in strict code (every ES module is strict); choose another name.'
        ),
        id='top-level yield (an async module is a generator)',
    ),
    pytest.param(
        'super.x;',
        (
            'error: "super" keyword unexpected here\n'
            '  --> m.js:1:1\n'
            '> 1 | super.x;\n'
            '    | ^^^^^\n'
            'hint: super is only valid inside methods and class field initializers.'
        ),
        id='super outside a method',
    ),
    pytest.param(
        'class A {\n  constructor() { super(); }\n}',
        (
            'error: "super" keyword unexpected here\n'
            '  --> m.js:2:19\n'
            '  1 | class A {\n'
            '> 2 |   constructor() { super(); }\n'
            '    |                   ^^^^^^^\n'
            '  3 | }\n'
            'hint: super() is only valid in the constructor of a class that extends another.'
        ),
        id='super() outside a derived constructor',
    ),
    pytest.param(
        'class A {\n  x = arguments;\n}',
        (
            'error: "arguments" is not allowed in class field initializer or static initialization block\n'
            '  --> m.js:2:7\n'
            '  1 | class A {\n'
            '> 2 |   x = arguments;\n'
            '    |       ^^^^^^^^^\n'
            '  3 | }\n'
            'hint: Use rest parameters in a method instead: m(...args) { … }.'
        ),
        id='arguments in a class field',
    ),
    pytest.param(
        'function await() {}',
        (
            'error: Unexpected reserved word\n'
            '  --> m.js:1:10\n'
            '> 1 | function await() {}\n'
            '    |          ^^^^^\n'
            'hint: "await" is reserved in ES modules; choose another name.'
        ),
        id='await as a function name',
    ),
    pytest.param(
        'let await = 1;',
        (
            'error: Unexpected reserved word\n'
            '  --> m.js:1:5\n'
            '> 1 | let await = 1;\n'
            '    |     ^^^^^\n'
            'hint: "await" is reserved in ES modules; choose another name.'
        ),
        id='await as a variable',
    ),
    pytest.param(
        'function f() {\n  await g();\n}',
        (
            'error: Unexpected reserved word\n'
            '  --> m.js:2:3\n'
            '  1 | function f() {\n'
            '> 2 |   await g();\n'
            '    |   ^^^^^^^^^\n'
            '  3 | }\n'
            'hint: await is only valid in async functions and at the top level of a module; mark the enclosing function async.'
        ),
        id='await in a non-async function',
    ),
    pytest.param(
        'a: a: ;',
        (
            'error: Label "a" has already been declared\n'
            '  --> m.js:1:4\n'
            '> 1 | a: a: ;\n'
            '    |    ^\n'
            'hint: A label inside a statement with the same label: rename one.'
        ),
        id='duplicate label',
    ),
    pytest.param(
        'break;',
        (
            'error: Illegal break statement\n'
            '  --> m.js:1:1\n'
            '> 1 | break;\n'
            '    | ^^^^^^\n'
            'hint: break is only valid inside a loop or a switch.'
        ),
        id='break outside a loop',
    ),
    pytest.param(
        'continue;',
        (
            'error: Illegal continue statement: no surrounding iteration statement\n'
            '  --> m.js:1:1\n'
            '> 1 | continue;\n'
            '    | ^^^^^^^^^\n'
            'hint: continue is only valid inside a loop.'
        ),
        id='continue outside a loop',
    ),
    pytest.param(
        'while (true) {\n  break missing;\n}',
        (
            'error: Undefined label "missing"\n'
            '  --> m.js:2:9\n'
            '  1 | while (true) {\n'
            '> 2 |   break missing;\n'
            '    |         ^^^^^^^\n'
            '  3 | }\n'
            'hint: No enclosing statement of this function is labeled "missing".'
        ),
        id='undefined break label',
    ),
    pytest.param(
        'a: {\n  continue a;\n}',
        (
            'error: Illegal continue statement: "a" does not denote an iteration statement\n'
            '  --> m.js:2:12\n'
            '  1 | a: {\n'
            '> 2 |   continue a;\n'
            '    |            ^\n'
            '  3 | }\n'
            'hint: continue can only go to a loop; use break a to leave the labeled statement.'
        ),
        id='continue to a label that is not a loop',
    ),
    pytest.param(
        'with ({}) {}',
        (
            'error: Strict mode code may not include a with statement\n'
            '  --> m.js:1:1\n'
            '> 1 | with ({}) {}\n'
            '    | ^^^^^^^^^^^^\n'
            "hint: Refer to the object's properties explicitly."
        ),
        id='with statement',
    ),
    pytest.param(
        'const n = 010;',
        (
            'error: Octal literals are not allowed in strict mode.\n'
            '  --> m.js:1:11\n'
            '> 1 | const n = 010;\n'
            '    |           ^^^\n'
            'hint: Write 0o10 for an octal number.'
        ),
        id='legacy octal literal',
    ),
    pytest.param(
        'const n = 08;',
        (
            'error: Decimals with leading zeros are not allowed in strict mode.\n'
            '  --> m.js:1:11\n'
            '> 1 | const n = 08;\n'
            '    |           ^^\n'
            'hint: Remove the leading zero.'
        ),
        id='decimal with a leading zero',
    ),
    pytest.param(
        "const s = '\\01';",
        (
            'error: Octal escape sequences are not allowed in strict mode.\n'
            '  --> m.js:1:12\n'
            "> 1 | const s = '\\01';\n"
            '    |            ^^^\n'
            'hint: Use \\x or \\u escapes instead.'
        ),
        id='legacy octal escape',
    ),
    pytest.param(
        "const s = '\\8';",
        (
            'error: \\8 and \\9 are not allowed in strict mode.\n'
            '  --> m.js:1:12\n'
            "> 1 | const s = '\\8';\n"
            '    |            ^^\n'
            'hint: Use \\x or \\u escapes instead.'
        ),
        id='\\8 escape',
    ),
    pytest.param(
        'const s = `\\01`;',
        (
            'error: Octal escape sequences are not allowed in template strings.\n'
            '  --> m.js:1:12\n'
            '> 1 | const s = `\\01`;\n'
            '    |            ^^^\n'
            'hint: Use \\x or \\u escapes instead.'
        ),
        id='octal escape in a template',
    ),
    pytest.param(
        'let x;\ndelete x;',
        (
            'error: Delete of an unqualified identifier in strict mode.\n'
            '  --> m.js:2:8\n'
            '  1 | let x;\n'
            '> 2 | delete x;\n'
            '    |        ^\n'
            'hint: Only properties can be deleted.'
        ),
        id='delete of an identifier',
    ),
    pytest.param(
        'eval = 1;',
        (
            'error: Unexpected eval or arguments in strict mode\n'
            '  --> m.js:1:1\n'
            '> 1 | eval = 1;\n'
            '    | ^^^^\n'
            'hint: "eval" cannot be declared or assigned in strict code.'
        ),
        id='assignment to eval',
    ),
    pytest.param(
        'let arguments;',
        (
            'error: Unexpected eval or arguments in strict mode\n'
            '  --> m.js:1:5\n'
            '> 1 | let arguments;\n'
            '    |     ^^^^^^^^^\n'
            'hint: "arguments" cannot be declared or assigned in strict code.'
        ),
        id='arguments as a binding',
    ),
    pytest.param(
        'function f(a, a) {}',
        (
            'error: Duplicate parameter name not allowed in this context\n'
            '  --> m.js:1:15\n'
            '> 1 | function f(a, a) {}\n'
            '    |               ^\n'
            'hint: Give each parameter its own name.'
        ),
        id='duplicate parameters',
    ),
    pytest.param(
        'const f = (a, a) => 1;',
        (
            'error: Duplicate parameter name not allowed in this context\n'
            '  --> m.js:1:15\n'
            '> 1 | const f = (a, a) => 1;\n'
            '    |               ^\n'
            'hint: Give each parameter its own name.'
        ),
        id='duplicate arrow parameters',
    ),
    pytest.param(
        'let yield = 1;',
        (
            'error: Unexpected strict mode reserved word\n'
            '  --> m.js:1:5\n'
            '> 1 | let yield = 1;\n'
            '    |     ^^^^^\n'
            'hint: This word is reserved in strict code (every ES module is strict); choose another name.'
        ),
        id='strict reserved word',
    ),
    pytest.param(
        'let let = 1;',
        (
            'error: Unexpected strict mode reserved word\n'
            '  --> m.js:1:5\n'
            '> 1 | let let = 1;\n'
            '    |     ^^^\n'
            'hint: This word is reserved in strict code (every ES module is strict); choose another name.'
        ),
        id='let as a lexical name',
    ),
    pytest.param(
        'const c;',
        (
            'error: Missing initializer in const declaration\n'
            '  --> m.js:1:7\n'
            '> 1 | const c;\n'
            '    |       ^\n'
            'hint: Give the constant a value, or declare it with let.'
        ),
        id='const without initializer',
    ),
    pytest.param(
        'x?.y = 1;',
        (
            'error: Invalid left-hand side in assignment\n'
            '  --> m.js:1:1\n'
            '> 1 | x?.y = 1;\n'
            '    | ^^^^\n'
            'hint: An optional chain (?.) cannot be assigned to.'
        ),
        id='optional chain assigned',
    ),
    pytest.param(
        '++1;',
        (
            'error: Invalid left-hand side expression in prefix operation\n'
            '  --> m.js:1:3\n'
            '> 1 | ++1;\n'
            '    |   ^\n'
            'hint: Only a variable or a property can be assigned to.'
        ),
        id='prefix update of a literal',
    ),
    pytest.param(
        '({ a }) = 1;',
        (
            'error: Invalid left-hand side in assignment\n'
            '  --> m.js:1:1\n'
            '> 1 | ({ a }) = 1;\n'
            '    | ^^^^^^^\n'
            'hint: Only a variable or a property can be assigned to.'
        ),
        id='parenthesized object assigned',
    ),
    pytest.param(
        '[...a, b] = c;',
        (
            'error: Rest element must be last element\n'
            '  --> m.js:1:2\n'
            '> 1 | [...a, b] = c;\n'
            '    |  ^^^^\n'
            'hint: The ...rest element collects what is left, so it must come last.'
        ),
        id='rest element not last',
    ),
    pytest.param(
        'if (x) function f() {}',
        (
            'error: In strict mode code, functions can only be declared at top level or inside a block.\n'
            '  --> m.js:1:8\n'
            '> 1 | if (x) function f() {}\n'
            '    |        ^^^^^^^^^^^^^^^\n'
            'hint: Wrap the declaration in braces { }.'
        ),
        id='function declaration as an if body',
    ),
    pytest.param(
        'if (x) let y = 1;',
        (
            'error: Lexical declaration cannot appear in a single-statement context\n'
            '  --> m.js:1:8\n'
            '> 1 | if (x) let y = 1;\n'
            '    |        ^^^^^^^^^^\n'
            'hint: Wrap the declaration in braces { }.'
        ),
        id='lexical declaration as an if body',
    ),
    pytest.param(
        "function h(a = 1) {\n  'use strict';\n}",
        (
            "error: Illegal 'use strict' directive in function with non-simple parameter list\n"
            '  --> m.js:2:3\n'
            '  1 | function h(a = 1) {\n'
            "> 2 |   'use strict';\n"
            '    |   ^^^^^^^^^^^^\n'
            '  3 | }\n'
            'hint: Remove the directive (ES modules are strict anyway) or the defaults and patterns.'
        ),
        id='use strict with non-simple parameters',
    ),
    pytest.param(
        'const el = <div />;',
        (
            "error: Unexpected token '<'\n"
            '  --> m.js:1:12\n'
            '> 1 | const el = <div />;\n'
            '    |            ^^^^^^^\n'
            'hint: JSX is not JavaScript: name the module .jsx or .tsx, where nbbundle compiles it.'
        ),
        id='JSX',
    ),
    pytest.param(
        'module.exports = 1;',
        (
            'error: module is not defined in ES module scope\n'
            '  --> m.js:1:1\n'
            '> 1 | module.exports = 1;\n'
            '    | ^^^^^^\n'
            'hint: This file is an ES module, where require, module and exports do not exist. Use import/export, or rename the file to .cjs to keep it CommonJS.'
        ),
        id='CommonJS in a module',
    ),
    pytest.param(
        'import { x as arguments } from "./dep.js";',
        (
            'error: Unexpected eval or arguments in strict mode\n'
            '  --> m.js:1:15\n'
            '> 1 | import { x as arguments } from "./dep.js";\n'
            '    |               ^^^^^^^^^\n'
            'hint: "arguments" cannot be declared in strict code (every ES module is strict); import it under another name: { … as other }.'
        ),
        id='import binding named arguments',
    ),
    pytest.param(
        'import eval from "./dep.js";',
        (
            'error: Unexpected eval or arguments in strict mode\n'
            '  --> m.js:1:8\n'
            '> 1 | import eval from "./dep.js";\n'
            '    |        ^^^^\n'
            'hint: "eval" cannot be declared in strict code (every ES module is strict); import it under another name: { … as other }.'
        ),
        id='default import named eval',
    ),
    pytest.param(
        'import * as eval from "./dep.js";',
        (
            'error: Unexpected eval or arguments in strict mode\n'
            '  --> m.js:1:13\n'
            '> 1 | import * as eval from "./dep.js";\n'
            '    |             ^^^^\n'
            'hint: "eval" cannot be declared in strict code (every ES module is strict); import it under another name: { … as other }.'
        ),
        id='namespace import named eval',
    ),
    pytest.param(
        'import { x as let } from "./dep.js";',
        (
            'error: Unexpected reserved word\n'
            '  --> m.js:1:15\n'
            '> 1 | import { x as let } from "./dep.js";\n'
            '    |               ^^^\n'
            'hint: "let" is reserved in ES modules and cannot name an import; choose another name.'
        ),
        id='import binding named let',
    ),
    pytest.param(
        'import { x as if } from "./dep.js";',
        (
            'error: Unexpected reserved word\n'
            '  --> m.js:1:15\n'
            '> 1 | import { x as if } from "./dep.js";\n'
            '    |               ^^\n'
            'hint: "if" is reserved in ES modules and cannot name an import; choose another name.'
        ),
        id='import binding named by a keyword',
    ),
    pytest.param(
        'export { function };',  # with `from` it would be another module's export (zod 4 does that)
        (
            'error: Unexpected reserved word\n'
            '  --> m.js:1:10\n'
            '> 1 | export { function };\n'
            '    |          ^^^^^^^^\n'
            'hint: "function" is reserved and cannot name a binding; only `export { function } from "…"` '
            'can export another module\'s "function".'
        ),
        id='local export named by a keyword',
    ),
    pytest.param(
        'await: 1;',
        (
            'error: Unexpected reserved word\n'
            '  --> m.js:1:1\n'
            '> 1 | await: 1;\n'
            '    | ^^^^^\n'
            'hint: "await" is reserved in ES modules and async functions; choose another label.'
        ),
        id='await as a label',
    ),
    pytest.param(
        'let: 1;',
        (
            'error: Unexpected strict mode reserved word\n'
            '  --> m.js:1:1\n'
            '> 1 | let: 1;\n'
            '    | ^^^\n'
            'hint: This word is reserved in strict code (every ES module is strict); choose another name.'
        ),
        id='let as a label',
    ),
    pytest.param(
        'import();',
        (
            'error: import() requires a specifier\n'
            '  --> m.js:1:1\n'
            '> 1 | import();\n'
            '    | ^^^^^^^^\n'
            'hint: Name the module to load: import("./module.js").'
        ),
        id='import() without a specifier',
    ),
    pytest.param(
        'const a = ["./dep.js"];\nimport(...a);',
        (
            "error: Unexpected token '...'\n"
            '  --> m.js:2:8\n'
            '  1 | const a = ["./dep.js"];\n'
            '> 2 | import(...a);\n'
            '    |        ^^^^\n'
            'hint: import() takes the specifier itself, not a spread: import(specifier, options).'
        ),
        id='import() of a spread',
    ),
    pytest.param(
        'new import("./dep.js");',
        (
            'error: Cannot use new with import\n'
            '  --> m.js:1:1\n'
            '> 1 | new import("./dep.js");\n'
            '    | ^^^^^^^^^^^^^^^^^^^^^^\n'
            'hint: import() is not a constructor; call it: import(specifier).'
        ),
        id='new import()',
    ),
    pytest.param(
        'import("./dep.js", {}, 3);',
        (
            'error: import() takes at most two arguments\n'
            '  --> m.js:1:24\n'
            '> 1 | import("./dep.js", {}, 3);\n'
            '    |                        ^\n'
            'hint: import(specifier, options): the second argument holds the import attributes.'
        ),
        id='import() with three arguments',
    ),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_early_error_is_reported_like_a_syntax_error(source: str, expected: str) -> None:
    assert diagnostics(source) == expected


# Node reports each case at parse time (`node --check`), except these, which it reports when the
# module runs, or in other words.
_NOT_AT_PARSE_TIME = {"CommonJS in a module"}
_OTHER_WORDS = {"duplicate default export": "Identifier '.default' has already been declared",
                "await as a label": "Unexpected token ':'",
                "import() with three arguments": "Unexpected number"}


_CHECK = """
const sources = JSON.parse(require("fs").readFileSync(0, "utf8"));
(async () => {
  const messages = [];
  for (const source of sources) {
    const url = "data:text/javascript;base64," + Buffer.from(source).toString("base64");
    try {
      await import(url);
      messages.push("");
    } catch (error) {
      messages.push(`${error.name}: ${error.message}`);
    }
  }
  console.log(JSON.stringify(messages));
})();
"""


@needs("node")
def test_node_reports_the_same_early_errors() -> None:
    cases = [case for case in CASES if case.id not in _NOT_AT_PARSE_TIME]
    sources = [case.values[0] for case in cases]
    checked = subprocess.run(["node", "-e", _CHECK], input=json.dumps(sources), capture_output=True, text=True,
                             check=True)
    mismatches = []
    for case, native in zip(cases, json.loads(checked.stdout)):
        ours = case.values[1].split("\n", 1)[0].removeprefix("error: ").replace('"', "'")
        wanted = _OTHER_WORDS.get(case.id, ours)
        if native != f"SyntaxError: {wanted}":
            mismatches.append(f"{case.id}: node says {native!r}, nbbundle says {ours!r}")
    assert mismatches == []


@pytest.mark.parametrize(
    "source",
    [
        "class A extends Object { \\u0063onstructor() { super(); } }",
        "let\n  a = 1,\n  b = a;",
        "try {} catch (e) { var e; }",
        "{ function f() {} }\n{ function f() {} }",
        "label: { break label; }",
        "async function f() { for await (const x of []) {} }",
        "function f(a = 1) {}\nfunction g() { 'use strict'; }",
        "const { a, ...rest } = {};\n[...rest] = [];",
        "(function (global, undefined) { 'use strict'; return undefined; })(1);",
    ],
    ids=["escaped constructor", "let before a line break", "var redeclaring a catch binding",
         "same function in two blocks", "break to a block label", "for await in an async function",
         "use strict with simple parameters", "rest last", "use strict with a parameter named undefined"],
)
def test_valid_modules_are_not_early_errors(source: str) -> None:
    assert transform("m.js", source, "js", package_type="module").kind == "esm"
