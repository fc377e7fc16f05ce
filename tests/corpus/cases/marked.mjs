// "type": "module" with "exports" and a string "browser" field ("exports" wins, as in esbuild).
import { marked, Lexer } from "marked";

console.log(marked.parse("# Title\n\nSome *emphasis* and `code`.\n\n- a\n- b\n").trim());
console.log(Lexer.lex("**x**").map((t) => t.type).join());
