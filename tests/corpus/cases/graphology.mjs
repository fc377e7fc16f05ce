// ES build importing { EventEmitter } from "events" (the polyfill, CommonJS): a name Node's
// lexer does not find there, read from module.exports as esbuild does.
import Graph from "graphology";

const graph = new Graph();
graph.addNode("a", { label: "A" });
graph.addNode("b");
graph.addEdge("a", "b", { weight: 2 });
let added = 0;
graph.on("nodeAdded", () => added++);
graph.addNode("c");
console.log(graph.order, graph.size, added, graph.getNodeAttribute("a", "label"), JSON.stringify(graph.neighbors("a")));
console.log(JSON.stringify(graph.export().edges.map((e) => [e.source, e.target, e.attributes.weight])));
