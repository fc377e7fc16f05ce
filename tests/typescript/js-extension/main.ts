// TypeScript users name the compiled file: "./util.js" is util.ts, "./data.mjs" is data.mts.
import { double } from "./util.js";
import { items } from "./data.mjs";
import { Widget } from "./widget.js";

console.log(double(21), items.join(","), new Widget("w").render());
