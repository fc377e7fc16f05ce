// The util polyfill: a "browser" map (./support/isBuffer.js), inherits' string "browser" field,
// and a tree of small CommonJS packages (which-typed-array, is-generator-function, ...).
import util from "util/util.js";

console.log(util.format("%s=%d %j", "a", 42, { b: 1 }));
console.log(util.isDeepStrictEqual === undefined ? "no deep equal" : "deep equal");
console.log(util.types.isTypedArray(new Uint8Array(2)), util.types.isGeneratorFunction(function* () {}));
function Base() {}
function Derived() {}
util.inherits(Derived, Base);
console.log(new Derived() instanceof Base, util.inspect({ a: [1, { b: 2 }] }));
