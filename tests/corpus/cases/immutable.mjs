// "module" (ES build) and "main" (UMD CommonJS).
import { Map, List, fromJS, is } from "immutable";

const m = Map({ a: 1 }).set("b", 2);
console.log(JSON.stringify(m.toJS()), List([1, 2, 3]).push(4).size, is(fromJS({ x: [1] }), fromJS({ x: [1] })));
