// "browser": {"./util.inspect.js": false}: the bundle has no Node util.inspect, and needs none here.
import inspect from "object-inspect";

console.log(inspect({ a: 1, b: [1, "two", { c: null }], d: new Map([[1, 2]]), e: new Set(["x"]) }));
console.log(inspect("quote'd"), inspect(Symbol("s")), inspect(function named() {}), inspect(-0));
