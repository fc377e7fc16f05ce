// "type": "commonjs" with "exports" ("node" → dist/, "default" → browser/) and a "browser" map.
import YAML from "yaml";
import { parseDocument } from "yaml";

console.log(JSON.stringify(YAML.parse("a: 1\nb: [x, y]\nc:\n  d: true\n")));
console.log(YAML.stringify({ list: [1, 2], nested: { k: "v" } }).trim().split("\n").join(" | "));
console.log(parseDocument("# c\nk: v\n").toString().trim());
