// CommonJS that assigns a global in sloppy mode, with a Function() fallback in strict hosts.
import runtime from "regenerator-runtime";

console.log(typeof runtime.mark, typeof runtime.wrap, typeof globalThis.regeneratorRuntime);
