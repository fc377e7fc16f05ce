// ES modules, one file per function (hundreds of modules), re-exported from the index.
import { chunk, groupBy, debounce, merge, camelCase, sortBy, uniqBy } from "lodash-es";
import get from "lodash-es/get.js";

console.log(JSON.stringify(chunk([1, 2, 3, 4, 5], 2)));
console.log(JSON.stringify(groupBy([6.1, 4.2, 6.3], Math.floor)));
console.log(JSON.stringify(merge({ a: [{ b: 2 }] }, { a: [{ c: 3 }] })));
console.log(camelCase("Foo Bar_baz"), typeof debounce(() => {}, 10).cancel);
console.log(JSON.stringify(sortBy([{ n: 3 }, { n: 1 }], "n")), JSON.stringify(uniqBy([2.1, 1.2, 2.3], Math.floor)));
console.log(get({ a: { b: [{ c: 42 }] } }, "a.b[0].c"));
