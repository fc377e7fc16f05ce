// ES modules over d3-dispatch, d3-quadtree, d3-timer; ticked by hand, no timer left running.
import { forceSimulation, forceManyBody, forceLink, forceCenter } from "d3-force";

const nodes = [{ id: "a" }, { id: "b" }, { id: "c" }];
const simulation = forceSimulation(nodes).force("charge", forceManyBody()).force("link", forceLink([{ source: "a", target: "b" }]).id((d) => d.id)).force("center", forceCenter()).stop();
simulation.tick(50);
console.log(nodes.map((n) => `${n.id}:${n.x.toFixed(3)},${n.y.toFixed(3)}`).join(" "));
