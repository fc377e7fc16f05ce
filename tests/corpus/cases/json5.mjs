// "browser": "dist/index.js" (string form: a UMD build), "module": an ES build.
import JSON5 from "json5";

console.log(JSON.stringify(JSON5.parse("{a: 1, // comment\n b: 'two', c: [1,2,],}")), JSON5.stringify({ k: "v", n: Infinity }));
