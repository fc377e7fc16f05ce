// "exports" with an ES build and a CommonJS one.
import * as yaml from "js-yaml";

console.log(JSON.stringify(yaml.load("a: 1\nb:\n  - x\n  - 2.5\n")));
console.log(yaml.dump({ k: [1, "two"], n: null }).trim().split("\n").join(" | "));
