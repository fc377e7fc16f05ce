// ES modules (es/) and CommonJS (src/) under "exports", hundreds of small files.
import * as R from "ramda";

console.log(JSON.stringify(R.pipe(R.filter((n) => n % 2), R.map(R.multiply(3)))([1, 2, 3, 4, 5])), R.sum(R.range(1, 5)));
console.log(JSON.stringify(R.groupBy(R.prop("k"), [{ k: "a" }, { k: "b" }, { k: "a" }])), R.toUpper("x"));
