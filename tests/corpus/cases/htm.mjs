// Tagged templates bound to preact's h.
import htm from "htm";
import { h } from "preact";

const html = htm.bind(h);
const vnode = html`<div class="x"><span>${"hi"}</span></div>`;
console.log(vnode.type, vnode.props.class, vnode.props.children.type);
