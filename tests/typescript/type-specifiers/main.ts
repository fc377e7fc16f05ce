// Type-only specifiers next to each other and at the end of a list, and unused bindings
// between them: every comma goes with exactly one removed specifier.
import { v, type A, type B } from "./names.js"
import { type A as A2, w, type C } from "./names.js"
import named, { type B as B2, } from "./names.js"
import { type C as C2, v as v2, w as unused, type A as A3 } from "./names.js"
export { type A, v, type B }
export type { C as C3 }

const a: A = { a: 1 }
const b: B2 = { b: "x" }
const values: [A2, C, C2, A3] = [a, b, a, a]
console.log(v, w, v2, named(), a.a, b.b, values.length)
