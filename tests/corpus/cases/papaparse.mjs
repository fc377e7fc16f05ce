// UMD CommonJS; "browser": "papaparse.min.js" (a string: the minified build in the bundle).
import Papa from "papaparse";

const parsed = Papa.parse("a,b\n1,2\n3,\"x,y\"", { header: true, dynamicTyping: true });
console.log(JSON.stringify(parsed.data), parsed.errors.length);
console.log(JSON.stringify(Papa.unparse([{ a: 1, b: "q\"uote" }])));
