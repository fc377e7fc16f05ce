// A large CommonJS graph (every language), its ES wrapper under "exports".
import hljs from "highlight.js";

const out = hljs.highlight("const x = 1; // note", { language: "javascript" }).value;
console.log(out);
console.log(hljs.highlightAuto("def f(x):\n    return x", ["python", "ruby"]).language, hljs.listLanguages().length > 150);
