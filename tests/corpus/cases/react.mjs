// CommonJS picking its build from process.env.NODE_ENV; react-dom/server's "browser" build.
import React from "react";
import { renderToStaticMarkup } from "react-dom/server";

function Item({ label }) {
	return React.createElement("li", { className: "item" }, label);
}
const html = renderToStaticMarkup(React.createElement("ul", null, ["a", "b"].map((l) => React.createElement(Item, { key: l, label: l }))));
console.log(html, typeof React.useState);
// react-dom's browser build schedules work on a MessageChannel, which keeps node running (in
// esbuild's browser bundle too); a page would not notice.
setTimeout(() => process.exit(0), 50);
