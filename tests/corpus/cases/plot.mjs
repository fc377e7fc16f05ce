// @observablehq/plot: ES modules over all of d3, isoformat, interval-tree-1d; marks without a DOM.
import * as Plot from "@observablehq/plot";

const mark = Plot.dot([{ x: 1, y: 2 }], { x: "x", y: "y", fill: "red" });
console.log(mark.constructor.name, Object.keys(mark.channels).sort().join(), typeof Plot.plot, JSON.stringify(Plot.valueof([{ a: 1 }, { a: 2 }], "a")));
