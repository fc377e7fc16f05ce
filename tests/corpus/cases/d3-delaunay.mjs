// ES modules over delaunator and robust-predicates.
import { Delaunay } from "d3-delaunay";

const delaunay = Delaunay.from([[0, 0], [1, 0], [0, 1], [1, 1], [0.5, 0.4]]);
console.log(delaunay.triangles.length / 3, delaunay.find(0.9, 0.9), JSON.stringify([...delaunay.neighbors(4)].sort()));
const voronoi = delaunay.voronoi([0, 0, 1, 1]);
console.log(voronoi.cellPolygon(4).length);
