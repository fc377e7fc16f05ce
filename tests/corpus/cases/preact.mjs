// ES and CommonJS builds behind "exports", subpath exports (preact/hooks), JSX written as h().
import { h, Fragment, options } from "preact";
import { useState } from "preact/hooks";

function Counter({ start }) {
	const [count] = useState(start);
	return h("b", { class: "count" }, count);
}
const tree = h(Fragment, null, h("p", { id: "x" }, "hello ", h(Counter, { start: 3 })));
console.log(tree.type === Fragment, tree.props.children.type, tree.props.children.props.children[1].type.name);
console.log(typeof options, typeof useState);
