// Type-only re-exports: nothing of ./shapes is loaded through them.
export type * from "./shapes.js"
export type * as Shapes from "./shapes.js"
