// The whole of d3: thirty ES packages re-exported from one index.
import * as d3 from "d3";

console.log(d3.format(".2f")(Math.PI), d3.timeFormat("%Y-%m-%d")(new Date(2024, 1, 27)), d3.sum([1, 2, 3]));
console.log(d3.scaleSqrt().domain([0, 100]).range([0, 10])(25), d3.interpolateRgb("red", "blue")(0.25), d3.csvParse("a,b\n1,2")[0].b);
console.log(d3.hierarchy({ children: [{}, { children: [{}] }] }).count().value, d3.geoMercator().scale(1).translate([0, 0])([0, 0]).join());
