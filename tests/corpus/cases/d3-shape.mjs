// ES modules over d3-path.
import { line, arc, pie, curveMonotoneX } from "d3-shape";

console.log(line().curve(curveMonotoneX)([[0, 0], [1, 2], [2, 1]]));
console.log(arc()({ innerRadius: 0, outerRadius: 10, startAngle: 0, endAngle: Math.PI / 2 }));
console.log(JSON.stringify(pie()([1, 2, 3]).map((d) => d.index)));
