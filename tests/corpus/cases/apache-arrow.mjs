// "type": "commonjs" with .mjs builds under "exports" and a "browser" map (Arrow.node → Arrow.dom).
import { tableFromArrays, tableFromIPC, tableToIPC } from "apache-arrow";

const table = tableFromArrays({ a: Int32Array.from([1, 2, 3]), b: ["x", "y", "z"] });
const back = tableFromIPC(tableToIPC(table));
console.log(back.numRows, back.schema.fields.map((f) => `${f.name}:${f.type}`).join(), JSON.stringify(back.toArray().map((r) => r.toJSON())));
