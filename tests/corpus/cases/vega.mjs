// vega and vega-lite: a large graph of ES packages (d3, vega-*), "exports" with "browser"
// conditions (vega-loader's fetch instead of Node's fs); rendered to SVG without a DOM.
import * as vega from "vega";
import { compile } from "vega-lite";

const spec = compile({
	data: { values: [{ a: "A", b: 28 }, { a: "B", b: 55 }] },
	mark: "bar",
	encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
}).spec;
const view = new vega.View(vega.parse(spec), { renderer: "none" });
const svg = await view.toSVG();
console.log(svg.length > 500, (svg.match(/<path/g) || []).length, JSON.stringify(view.data("data_0").map((d) => d.b)));
