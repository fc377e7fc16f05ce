// "exports" with an ES build and a UMD one.
import { parse, tokenizer } from "acorn";

const ast = parse("const f = (a, b) => a ?? b;", { ecmaVersion: "latest" });
console.log(ast.body[0].declarations[0].init.type, ast.body[0].declarations[0].init.body.operator, [...tokenizer("x + 1", { ecmaVersion: 2020 })].length);
