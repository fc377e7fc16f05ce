// The widget's front end (js/widget.js) with a fake model and DOM: how views mount, take
// updates in order, fall back to a remount, show errors, and stay apart from each other.

import { describe, it, mock } from "node:test";
import assert from "node:assert/strict";

import { initialize, render } from "../../js/widget.js";
import { REPORT_QUIET_MS } from "../../js/widget-view.js";
import { createDocument, createModel, FakeElement } from "./fake-dom.mjs";

// Init functions as the kernel sends them: text in the compiler's contract form.
const labelJs = (text) =>
	`function label_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"label": () => label}); const label = ${JSON.stringify(text)};\n}`;
const APP_JS = `function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"render": () => render}); var __nbb_import_0__ = __nbb_require__.l("label.js"); __nbb_require__("label.js");
function render({ el }) {
  const span = el.ownerDocument.createElement("span");
  span.className = "label";
  span.textContent = __nbb_import_0__.label;
  el.append(span);
}
}`;

const entryUpdate = (version, text) => ({
	type: "update",
	version,
	modules: { "label.js": labelJs(text) },
	removed: [],
	updates: [{ kind: "entry", boundary: "app.js", acceptedVia: "app.js", chain: ["label.js", "app.js"], isWithinCircularImport: false }],
	reload: null,
	firstInvalidatedBy: null,
});

function setup(text = "one") {
	const document = createDocument();
	const model = createModel({ _bundle: { entry: "app.js", version: 0, modules: { "app.js": APP_JS, "label.js": labelJs(text) }, error: null } });
	initialize({ model });
	const show = async () => {
		const el = document.createElement("div");
		document.body.append(el);
		const cleanup = await render({ model, el });
		return { el, cleanup, label: () => el.querySelector(".label")?.textContent };
	};
	return { document, model, show };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
/** Until a clean update's report, held while updates may follow, has gone (`WidgetView.send`). */
async function reported(arrived) {
	for (let waited = 0; !arrived() && waited < 10_000; waited += REPORT_QUIET_MS) {
		await new Promise((resolve) => setTimeout(resolve, REPORT_QUIET_MS));
	}
	await new Promise((resolve) => setTimeout(resolve, REPORT_QUIET_MS)); // and nothing more comes
}

describe("widget views", () => {
	it("mount the entry from the synced state into .nbbundle-root > .nbbundle-app and say ready", async () => {
		const { model, show } = setup();
		const view = await show();
		assert.equal(view.label(), "one");
		assert.equal(view.el.querySelector(".nbbundle-root").querySelector(":scope > .nbbundle-app").querySelector(".label").textContent, "one");
		const [hello, ready] = model.sent.filter((message) => message.type === "hello" || message.type === "ready");
		assert.deepEqual([hello.type, hello.version], ["hello", 0], "hello comes first: a mounting view counts");
		assert.match(hello.view, /^[A-Za-z0-9_-]{8,64}$/);
		const none = { self: false, deps: [], exports: null };
		assert.deepEqual({ ...ready, ms: 0 }, { type: "ready", version: 0, ms: 0, errors: [], running: "current", view: hello.view,
			executed: ["app.js", "label.js"], hot: { "app.js": none, "label.js": none } }, "what the mount ran comes with ready");
		await settle();
		assert.deepEqual(model.sent.filter((message) => message.type === "executed"), [], "and not again on its own");
	});

	it("apply the next version in place and report it applied, with what it ran, in one message", async () => {
		const { model, show } = setup();
		const view = await show();
		const before = model.sent.length;
		model.deliver(entryUpdate(1, "two"));
		await reported(() => model.sent.length > before);
		assert.equal(view.label(), "two");
		const none = { self: false, deps: [], exports: null };
		assert.deepEqual(model.sent.slice(before).map(({ ms, view, ...message }) => message), [{ type: "applied", version: 1, errors: [],
			running: "current", executed: [], hot: { "app.js": none, "label.js": none } }], "the new instances' registrations ride on applied");
	});

	it("remount from the synced state when a version was missed", async () => {
		const { model, show } = setup();
		const view = await show();
		const remounts = [];
		const info = console.info;
		console.info = (message) => remounts.push(message);
		try {
			model.deliver(entryUpdate(3, "three")); // 1 and 2 never reached this view
			await settle();
		} finally {
			console.info = info;
		}
		assert.equal(view.label(), "three");
		assert.equal(view.el.querySelectorAll(".label").length, 1);
		assert.match(remounts.join("\n"), /missed an update \(have 0, got 3\)/);
	});

	it("hold messages that arrive while mounting until the mount is done", async () => {
		const { model, document } = setup();
		const el = document.createElement("div");
		const rendering = render({ model, el });
		model.deliver(entryUpdate(1, "two"));
		await rendering;
		await settle();
		assert.equal(el.querySelector(".label").textContent, "two");
		assert.equal(el.querySelectorAll(".label").length, 1);
	});

	it("show a compile error over the running app and clear it with the next good version", async () => {
		const { model, show } = setup();
		const view = await show();
		model.deliver({ type: "error", version: 1, error: { message: "Unexpected \"(\"", id: "label.js", line: 3, column: 4, frame: "> 3 | boom(" } });
		await settle();
		const overlay = view.el.querySelector(".nbbundle-overlay");
		assert.match(overlay.textContent, /label\.js:3:5/);
		assert.equal(view.label(), "one"); // the last good version keeps running
		model.deliver(entryUpdate(2, "two"));
		await settle();
		assert.equal(view.el.querySelector(".nbbundle-overlay"), null);
		assert.equal(view.label(), "two");
	});

	it("keep the model's state current, so a view opened later mounts the latest version", async () => {
		const { model, show } = setup();
		await show();
		model.deliver(entryUpdate(1, "two"));
		await settle();
		assert.equal(model.get("_bundle").version, 1);
		const late = await show();
		assert.equal(late.label(), "two");
	});

	it("give every view its own module system", async () => {
		const { show } = setup();
		const before = Object.keys(globalThis).filter((name) => name.startsWith("__nbbundle_view_"));
		const first = await show();
		const second = await show();
		const names = Object.keys(globalThis).filter((name) => name.startsWith("__nbbundle_view_") && !before.includes(name));
		assert.equal(names.length, 2);
		assert.notEqual(globalThis[names[0]](), globalThis[names[1]]());
		first.cleanup();
		second.cleanup();
		await settle();
		assert.deepEqual(Object.keys(globalThis).filter((name) => names.includes(name)), []);
	});

	it("a dependency that throws at its top level: applied reports it, the app keeps what it drew, the note says so", async () => {
		const { model, show } = setup();
		const view = await show();
		const throwing = `function label_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"label": () => label});
const label = "two";
throw new Error("boom in label");
}`;
		model.deliver({ ...entryUpdate(1, "two"), modules: { "label.js": throwing } });
		await settle();
		const applied = model.sent.find((message) => message.type === "applied");
		assert.equal(applied.running, "previous");
		assert.deepEqual(applied.errors.map((e) => [e.phase, e.id, e.line, e.revision, e.message]), [["init", "label.js", 3, 1, "Error: boom in label"]]);
		assert.equal(view.label(), "one");
		const overlay = view.el.querySelector(".nbbundle-overlay");
		assert.match(overlay.textContent, /label\.js:3:/);
		assert.match(overlay.textContent, /still shows what the previous version drew/);
	});

	it("a render that throws is reported and the previous version is rendered again", async () => {
		const { model, show } = setup();
		const view = await show();
		const brokenApp = `function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"render": () => render});
function render({ el }) {
  mount(el);
}
}`;
		model.deliver({ ...entryUpdate(1, "one"), modules: { "app.js": brokenApp }, updates: [entryUpdate(1).updates[0]] });
		await settle();
		const applied = model.sent.find((message) => message.type === "applied");
		assert.deepEqual([applied.running, applied.errors.map((e) => [e.phase, e.id, e.line])], ["previous", [["render", "app.js", 3]]]);
		assert.match(applied.errors[0].message, /ReferenceError: mount is not defined/);
		assert.equal(view.label(), "one", "the last version that rendered runs again");
		assert.match(view.el.querySelector(".nbbundle-overlay").textContent, /previous version/);
	});

	it("a message for one view (its id in `view`) reaches that view only and is no change of the app", async () => {
		const { model, show } = setup();
		const first = await show();
		const second = await show();
		const [, secondHello] = model.sent.filter((message) => message.type === "hello");
		// Version 1, newer than the app's 0: only the `view` check keeps it from counting as the
		// app's next version (with version 0 the version check alone would block it).
		model.deliver({ type: "error", version: 1, view: secondHello.view, error: { message: "TypeError: x", id: "app.js", line: 2, column: 0, frame: "> 2 | x" } });
		await settle();
		assert.equal(first.el.querySelector(".nbbundle-overlay"), null);
		assert.match(second.el.querySelector(".nbbundle-overlay").textContent, /TypeError: x/);
		assert.deepEqual([model.get("_bundle").version, model.get("_bundle").error], [0, null]);
		// Neither view moved to version 1: the app's real version 1 applies in both.
		model.deliver(entryUpdate(1, "two"));
		await reported(() => model.sent.filter((message) => message.type === "applied").length === 2);
		assert.deepEqual([first.label(), second.label()], ["two", "two"]);
		assert.equal(model.sent.filter((message) => message.type === "applied" && message.version === 1).length, 2);
	});

	it("after the kernel goes away the view says it is disconnected, how to reconnect, and stops sending", async () => {
		const { model, show } = setup();
		const view = await show();
		model.trigger("comm_live_update");
		const banner = view.el.querySelector(".nbbundle-disconnected");
		assert.match(banner.textContent, /Disconnected from the kernel/);
		assert.match(banner.textContent, /run the notebook's cells again/);
		const sent = model.sent.length;
		model.deliver(entryUpdate(1, "two"));
		await settle();
		assert.equal(view.label(), "one");
		view.cleanup();
		assert.equal(model.sent.length, sent, "nothing more goes to a kernel that is gone");
	});

	it("a module id cannot break out of its sourceURL comment", async () => {
		const document = createDocument();
		const id = "x.js\nthrow new Error('escaped')\u2028//";
		const model = createModel({ _bundle: { entry: "app.js", version: 0, modules: { "app.js": APP_JS, "label.js": labelJs("one"), [id]: labelJs("x") }, error: null } });
		const el = document.createElement("div");
		await render({ model, el });
		assert.equal(el.querySelector(".nbbundle-overlay"), null, "the id stays inside the comment");
		assert.equal(el.querySelector(".label").textContent, "one");
	});

	it("an entry the kernel no longer has shows that, and a later version brings the app back", async () => {
		const { model, show } = setup();
		const view = await show();
		model.deliver({ type: "update", version: 1, modules: {}, removed: ["app.js", "label.js"], updates: [], reload: "app.js was removed", firstInvalidatedBy: null });
		await settle();
		assert.match(view.el.querySelector(".nbbundle-overlay").textContent, /not defined in the kernel any more/);
		assert.equal(view.label(), undefined);
		model.deliver({ type: "update", version: 2, modules: { "app.js": APP_JS, "label.js": labelJs("back") }, removed: [], updates: [], reload: "app.js was defined again", firstInvalidatedBy: null });
		await settle();
		assert.equal(view.label(), "back");
		assert.equal(view.el.querySelector(".nbbundle-overlay"), null);
	});

	it("keep running on a resync of the version they already show, and remount for a newer one", async () => {
		const { model, show } = setup();
		const view = await show();
		model.deliver(entryUpdate(1, "two"));
		await settle();
		const shown = view.el.querySelector(".label");
		model.deliver({ type: "resync", version: 1 }); // the kernel answering a view that was in time
		await settle();
		assert.equal(view.el.querySelector(".label"), shown, "no remount: the app's state stays");
		// A host that replays the first state to a reloaded page: the kernel sends its state, then resync.
		model.set("_bundle", { ...model.get("_bundle"), version: 5, modules: { ...model.get("_bundle").modules, "label.js": labelJs("five") } });
		model.deliver({ type: "resync", version: 5 });
		await settle();
		assert.equal(view.label(), "five");
	});
});

describe("widget heartbeat", () => {
	it("says alive as often as the kernel's synced _heartbeat_ms asks, and not at all without it", async () => {
		mock.timers.enable({ apis: ["setInterval"] });
		try {
			const { model, show } = setup();
			model.set("_heartbeat_ms", 1234);
			await show();
			const alive = () => model.sent.filter((message) => message.type === "alive").length;
			mock.timers.tick(1233);
			assert.equal(alive(), 0);
			mock.timers.tick(1);
			assert.equal(alive(), 1);
			mock.timers.tick(1234 * 2);
			assert.equal(alive(), 3);
			const silent = setup();
			await silent.show();
			mock.timers.tick(60_000);
			assert.equal(silent.model.sent.filter((message) => message.type === "alive").length, 0);
		} finally {
			mock.timers.reset();
		}
	});
});

describe("widget views in a shadow root (marimo renders anywidgets in one)", () => {
	const STYLE_JS = `function style_css(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.d(__nbb_exports__, {}); __nbb_require__.css("style.css", ".label { color: red }");\n}`;
	const APP_WITH_STYLE = APP_JS.replace('__nbb_require__("label.js");', '__nbb_require__("label.js"); __nbb_require__("style.css");');

	it("put CSS modules' <style> in that shadow root, where the page's styles do not reach, and take it out on close", async () => {
		const document = createDocument();
		class ShadowRoot extends FakeElement {}
		globalThis.document = document;
		globalThis.ShadowRoot = ShadowRoot;
		try {
			const shadow = new ShadowRoot("#shadow-root", document);
			const el = document.createElement("div");
			shadow.append(el);
			el.getRootNode = () => shadow;
			const modules = { "app.js": APP_WITH_STYLE, "label.js": labelJs("one"), "style.css": STYLE_JS };
			const model = createModel({ _bundle: { entry: "app.js", version: 0, modules, error: null } });
			const cleanup = await render({ model, el });
			const styles = shadow.querySelectorAll("style[data-nbbundle-id]");
			assert.equal(styles.length, 1);
			assert.equal(styles[0].textContent, ".label { color: red }");
			assert.equal(document.head.children.length, 0);
			cleanup();
			await settle();
			assert.equal(shadow.querySelectorAll("style[data-nbbundle-id]").length, 0);
		} finally {
			delete globalThis.document;
			delete globalThis.ShadowRoot;
		}
	});

	it("never send _bundle back to the kernel when the app saves its own state", async () => {
		const { model, show } = setup();
		await show();
		model.deliver(entryUpdate(1, "two"));
		model.deliver({ type: "error", version: 2, error: { message: "x", id: "app.js", line: null, column: null } });
		await settle();
		assert.equal(model.get("_bundle").version, 2, "the synced state is current for later views");
		assert.match(model.get("_bundle").modules["label.js"], /two/);
		model.set("count", 1); // what an app's click handler does
		model.save_changes();
		assert.deepEqual(model.saved, [{ count: 1 }], "only what the app changed goes to the kernel");
	});

	it("run the app's initialize once, not at every render, and scope render's listeners to it", async () => {
		const countingApp = `function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => app}); var __nbb_import_0__ = __nbb_require__.l("label.js"); __nbb_require__("label.js");
const app = {
  initialize({ model }) { globalThis.__nbbInits = (globalThis.__nbbInits ?? 0) + 1; model.on("change:total", () => {}); },
  render({ model, el }) {
    model.on("change:count", () => { globalThis.__nbbChanges = (globalThis.__nbbChanges ?? 0) + 1; });
    el.textContent = __nbb_import_0__.label;
  },
};
}`;
		const document = createDocument();
		const model = createModel({ _bundle: { entry: "app.js", version: 0, modules: { "app.js": countingApp, "label.js": labelJs("one") }, error: null } });
		initialize({ model });
		const el = document.createElement("div");
		document.body.append(el);
		globalThis.__nbbInits = 0;
		globalThis.__nbbChanges = 0;
		const cleanup = await render({ model, el });
		for (const [version, text] of [[1, "two"], [2, "three"], [3, "four"]]) model.deliver(entryUpdate(version, text));
		await settle();
		assert.equal(el.textContent.includes("four"), true, "the entry re-rendered at each update");
		assert.equal(globalThis.__nbbInits, 1, "initialize ran once");
		assert.equal(model.listenerCount("change:count"), 1, "render's listeners do not pile up");
		model.trigger("change:count");
		assert.equal(globalThis.__nbbChanges, 1);
		await cleanup();
		await settle();
		assert.equal(model.listenerCount("change:count"), 0, "the view's listeners go with the view");
		assert.equal(model.listenerCount("change:total"), 0, "and initialize's with its cleanup");
	});
});
