// CommonJS with a separate ES6 entry as a subpath (fast-deep-equal/es6).
import equal from "fast-deep-equal";
import equalES6 from "fast-deep-equal/es6/index.js";

console.log(equal({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), equal([1], [2]), equalES6(new Map([[1, 2]]), new Map([[1, 2]])));
