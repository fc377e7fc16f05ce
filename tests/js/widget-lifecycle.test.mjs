// js/widget.js's wiring that mutation testing (scripts/mutation.sh js/widget.js) found
// untested: which kernel messages change the model's state, what each cleanup unsubscribes,
// a closed comm, and the page going away.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { initialize, render } from "../../js/widget.js";
import { createDocument, createModel } from "./fake-dom.mjs";

const APP_JS = `function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"render": () => render});
function render({ el }) { const span = el.ownerDocument.createElement("span"); span.className = "app"; el.append(span); }
}`;
const bundle = () => ({ entry: "app.js", version: 0, modules: { "app.js": APP_JS }, error: null });
const ERROR = { message: "SyntaxError: x", id: "app.js", line: 1, column: 0, frame: "> 1 | x" };
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("initialize: the model's state follows the kernel's app-wide messages", () => {
	it("an error for the whole app, newer than the state, becomes the state's error", () => {
		const model = createModel({ _bundle: bundle() });
		initialize({ model });
		model.deliver({ type: "error", version: 1, error: ERROR });
		assert.deepEqual(model.get("_bundle"), { ...bundle(), version: 1, error: ERROR });
	});

	it("a message of the same or an older version, a message of another type and no message at all change nothing", () => {
		const model = createModel({ _bundle: { ...bundle(), version: 1 } });
		initialize({ model });
		const state = model.get("_bundle");
		model.deliver({ type: "update", version: 1, modules: { "app.js": "changed" }, removed: [] });
		model.deliver({ type: "update", version: 0, modules: { "app.js": "older" }, removed: ["app.js"] });
		model.deliver({ type: "error", version: 0, error: ERROR });
		model.deliver({ type: "custom", version: 5, event: "e" });
		model.deliver(null);
		assert.equal(model.get("_bundle"), state, "the very same object: never set again");
		assert.deepEqual(state, { ...bundle(), version: 1 }, "and its content as it was");
	});

	it("after its cleanup, nothing changes the state", () => {
		const model = createModel({ _bundle: bundle() });
		const cleanup = initialize({ model });
		cleanup();
		model.deliver({ type: "error", version: 1, error: ERROR });
		assert.deepEqual(model.get("_bundle"), bundle());
	});
});

describe("render: a view's subscriptions and its end", () => {
	/** @type {Map<string, Function[]>} */
	let pageListeners;
	let saved;
	beforeEach(() => {
		// The page's events (a browser's `window`); node has none.
		pageListeners = new Map();
		saved = [globalThis.addEventListener, globalThis.removeEventListener];
		globalThis.addEventListener = (type, fn) => pageListeners.set(type, [...(pageListeners.get(type) ?? []), fn]);
		globalThis.removeEventListener = (type, fn) => pageListeners.set(type, (pageListeners.get(type) ?? []).filter((f) => f !== fn));
	});
	afterEach(() => {
		[globalThis.addEventListener, globalThis.removeEventListener] = saved;
	});

	async function show() {
		const model = createModel({ _bundle: bundle() });
		const el = createDocument().createElement("div");
		const cleanup = await render({ model, el });
		return { model, el, cleanup };
	}

	it("a closed comm shows the view as disconnected", async () => {
		const { model, el } = await show();
		model.trigger("comm:close");
		assert.match(el.querySelector(".nbbundle-disconnected").textContent, /Disconnected from the kernel/);
	});

	it("the page going away tells the kernel the view is closed", async () => {
		const { model } = await show();
		for (const fn of pageListeners.get("pagehide") ?? []) fn();
		assert.deepEqual(model.sent.at(-1), { type: "closed", view: model.sent[0].view });
	});

	it("the cleanup says closed once and unsubscribes from the kernel, the comm and the page", async () => {
		const { model, el, cleanup } = await show();
		cleanup();
		assert.deepEqual(model.sent.filter((m) => m.type === "closed"), [{ type: "closed", view: model.sent[0].view }]);
		const sent = model.sent.length;
		model.deliver({ type: "error", version: 1, error: ERROR });
		model.trigger("comm:close");
		model.trigger("comm_live_update");
		for (const fn of pageListeners.get("pagehide") ?? []) fn();
		await settle();
		assert.equal(model.sent.length, sent);
		assert.deepEqual([el.querySelector(".nbbundle-disconnected"), el.querySelector(".nbbundle-overlay"), pageListeners.get("pagehide")], [null, null, []]);
	});
});
