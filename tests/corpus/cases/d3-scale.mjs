// ES modules across d3-array, d3-interpolate, d3-color, d3-format, d3-time, d3-time-format, internmap.
import { scaleLinear, scaleBand, scaleTime, scaleOrdinal, scaleLog } from "d3-scale";

const x = scaleLinear().domain([0, 10]).range([0, 100]).nice();
console.log(x(2.5), x.invert(50), JSON.stringify(x.ticks(5)), x.tickFormat(5, "+f")(3));
const band = scaleBand().domain(["a", "b", "c"]).range([0, 300]).padding(0.1);
console.log(band("b"), band.bandwidth().toFixed(3));
const t = scaleTime().domain([Date.UTC(2024, 0, 1), Date.UTC(2024, 11, 31)]).range([0, 1]);
console.log(t.ticks(4).length, scaleOrdinal(["red", "blue"])("k"), scaleLog().domain([1, 1000])(100).toFixed(4));
console.log(scaleLinear().range(["red", "blue"])(0.5));
