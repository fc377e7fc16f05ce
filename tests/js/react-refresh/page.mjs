// A page for React's Fast Refresh scenarios (tests/python/compile/test_react_refresh_runtime.py):
// jsdom for the DOM, React and react-dom from the tests' npm cache, nbbundle's refresh runtime
// (`@nbbundle/react-refresh`, js/react-refresh-runtime.js) imported before react-dom as the
// notebook does, and the modules nbbundle compiled, one folder per version (v1/, v2/, …).
//
// `render(1)` imports v1's entry and renders its default export; `patch(2)` imports v2's
// module, calls the accept callback the previous version registered (the module's own footer:
// the runtime's `refresh` decides, then performs the refresh) and, when that invalidates, does
// what propagation to the importer would do: renders the new default export, as React's own
// ReactFreshIntegration-test does when the exported family changed.
import assert from "node:assert/strict";
import { register } from "node:module";
import { JSDOM } from "jsdom";

register("./loader.mjs", import.meta.url);

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true, url: "http://localhost/" });
for (const key of Object.getOwnPropertyNames(dom.window)) {
	if (!(key in globalThis)) globalThis[key] = dom.window[key];
}
globalThis.window = globalThis;
globalThis.document = dom.window.document;
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

const accepted = new Map(); // module path (after vN/) → accept callback of its latest version
export const invalidations = [];
globalThis.__refreshPage = {
	hotContext(url) {
		const path = new URL(url).pathname.replace(/^.*\/v\d+\//, "");
		return {
			accept(callback) {
				accepted.set(path, callback);
			},
			invalidate(reason) {
				invalidations.push(`${path}: ${reason}`);
			},
			dispose() {},
			data: {},
		};
	},
};

await import("@nbbundle/react-refresh");
const React = await import("react");
const { createRoot } = await import("react-dom/client");
export const { act } = React;
export { assert };

export const container = document.createElement("div");
document.body.appendChild(container);
const root = createRoot(container);
export let entry = "App.jsx";

const here = new URL(".", import.meta.url);
const load = (version, path) => import(new URL(`v${version}/${path}`, here).href);
const settle = () => new Promise((resolve) => setTimeout(resolve, 60)); // the runtime's 16 ms debounce

/** Render version `version` of `path`'s default export (or `name`). */
export async function render(version, path = entry, name = "default") {
	entry = path;
	const module = await load(version, path);
	await act(async () => {
		root.render(React.createElement(module[name]));
	});
	return module;
}

/**
 * Version `version` of `path` (by default the entry) arrives as nbbundle's HMR update would
 * bring it: executed, then handed to the accept callback of the version before.
 * Returns whether the module refreshed in place (no invalidation).
 */
export async function patch(version, path = entry) {
	const before = invalidations.length;
	const previous = accepted.get(path);
	const module = await load(version, path);
	await act(async () => {
		if (previous) previous(module);
		else invalidations.push(`${path}: does not accept itself`);
		if (invalidations.length > before && path === entry) root.render(React.createElement(module.default));
		await settle();
	});
	return invalidations.length === before;
}

/** A click, as a user's: a bubbling event React's root listener sees. */
export async function click(element) {
	await act(async () => {
		element.dispatchEvent(new dom.window.MouseEvent("click", { bubbles: true }));
	});
}

export async function done() {
	await act(async () => root.unmount());
}
