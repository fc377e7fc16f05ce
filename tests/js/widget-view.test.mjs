// One WidgetView (js/widget-view.js) driven directly, with a fake model and DOM: the parts
// mutation testing (scripts/mutation.sh js/widget-view.js) found untested: what it logs and
// says when the kernel or the app fails, the heartbeat, rendering conventions and roll-back,
// the overlay's note, and every kind of kernel message.
import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";

import { REPORT_HOLD_COUNT, REPORT_HOLD_MAX_MS, REPORT_QUIET_MS, WidgetView } from "../../js/widget-view.js";
import { createDocument, createModel } from "./fake-dom.mjs";
import { APP, HEARTBEAT_MS, drawLabel, entry, mounted, reported, settle, update, watchConsole } from "./widget-view-harness.mjs";

const watched = watchConsole();
const logged = watched.logged;

describe("a view's element and id", () => {
	it("is a div.nbbundle-root holding a div.nbbundle-app, with ids v<n>-<8 characters> that count up", async () => {
		const { el, view } = await mounted();
		const other = await mounted();
		const root = el.children[0];
		assert.deepEqual([root.tagName, root.className, root.children[0].tagName, root.children[0].className], ["DIV", "nbbundle-root", "DIV", "nbbundle-app"]);
		assert.match(view.id, /^v\d+-[a-z0-9]{8}$/);
		assert.equal(Number(other.view.id.split("-")[0].slice(1)), Number(view.id.split("-")[0].slice(1)) + 1);
	});
});

describe("talking to the kernel", () => {
	it("a clean update's report waits until updates pause, then the held ones go in order; a failed one goes at once", async () => {
		const { view, model, of, label } = await mounted();
		mock.timers.enable({ apis: ["setTimeout"] });
		try {
			view.receive(update(1, { "app.js": entry(drawLabel("two")) }));
			await view.queue;
			assert.equal(label(), "two");
			assert.deepEqual(of("applied"), [], "held: the next cell run may be on its way");
			mock.timers.tick(REPORT_QUIET_MS - 1);
			view.receive(update(2, { "app.js": entry(drawLabel("three")) }));
			await view.queue;
			mock.timers.tick(REPORT_QUIET_MS - 1);
			assert.deepEqual(of("applied"), [], "another update came: still held");
			mock.timers.tick(1);
			assert.deepEqual(of("applied").map((m) => [m.version, m.running, m.errors]), [[1, "current", []], [2, "current", []]]);
			view.receive(update(3, { "app.js": entry(drawLabel("four")) }));
			await view.queue;
			view.receive(update(4, { "app.js": entry('throw new Error("render broke");') }));
			await view.queue;
			assert.deepEqual(model.sent.slice(-2).map((m) => [m.type, m.version, m.errors.length]), [["applied", 3, 0], ["applied", 4, 1]],
				"a failure goes at once (the kernel frames it for the overlay), after the report held before it");
		} finally {
			mock.timers.reset();
		}
	});

	it("reports are held no longer than REPORT_HOLD_MAX_MS nor for more than REPORT_HOLD_COUNT updates, and go before any other message", async () => {
		const { view, of } = await mounted();
		mock.timers.enable({ apis: ["setTimeout", "Date"] });
		try {
			let version = 0;
			const next = async () => {
				view.receive(update(++version, { "app.js": entry(drawLabel(`v${version}`)) }));
				await view.queue;
			};
			for (let i = 0; i < REPORT_HOLD_COUNT - 1; i++) await next();
			assert.equal(of("applied").length, 0);
			await next();
			assert.equal(of("applied").length, REPORT_HOLD_COUNT, "a stream of updates: the kernel still hears of them");
			const steps = Math.ceil(REPORT_HOLD_MAX_MS / (REPORT_QUIET_MS - 1));
			for (let i = 0; i < steps; i++) {
				await next();
				mock.timers.tick(REPORT_QUIET_MS - 1);
			}
			assert.ok(of("applied").length > REPORT_HOLD_COUNT, "updates never paused, yet the held reports went within the limit");
			await next();
			view.send({ type: "alive" });
			assert.deepEqual(of("applied").map((m) => m.version), Array.from({ length: version }, (_, i) => i + 1), "every version, in order");
			assert.equal(view.model.sent.at(-1).type, "alive");
		} finally {
			mock.timers.reset();
		}
	});

	it("destroy and disconnect send the held reports first", async () => {
		const first = await mounted();
		first.view.receive(update(1, { "app.js": entry(drawLabel("two")) }));
		await first.view.queue;
		first.view.destroy();
		assert.deepEqual(first.of("applied").map((m) => m.version), [1]);
		const second = await mounted();
		second.view.receive(update(1, { "app.js": entry(drawLabel("two")) }));
		await second.view.queue;
		second.view.disconnect();
		assert.deepEqual(second.model.sent.slice(-2).map((m) => m.type), ["applied", "closed"]);
	});

	it("a model whose send throws is warned about, not thrown", async () => {
		const { model, view } = await mounted();
		model.send = () => { throw new Error("comm closed"); };
		view.send({ type: "alive" });
		assert.deepEqual(logged("warn"), [["[nbbundle] could not reach the kernel:", "comm closed"]]);
	});

	it("the heartbeat says alive every _heartbeat_ms the kernel syncs, once however often it is started, and stops on disconnect and destroy", async () => {
		mock.timers.enable({ apis: ["setInterval"] });
		try {
			const { view, of } = await mounted();
			view.startHeartbeat();
			view.startHeartbeat();
			mock.timers.tick(HEARTBEAT_MS * 2);
			assert.deepEqual(of("alive"), [{ type: "alive", view: view.id }, { type: "alive", view: view.id }]);
			view.disconnect();
			view.disconnect();
			assert.equal(of("closed").length, 1, "closed once");
			mock.timers.tick(HEARTBEAT_MS * 2);
			view.startHeartbeat();
			mock.timers.tick(HEARTBEAT_MS * 2);
			assert.equal(of("alive").length, 2, "a disconnected view has no heartbeat");
			const second = await mounted();
			second.view.startHeartbeat();
			second.view.destroy();
			mock.timers.tick(HEARTBEAT_MS * 2);
			assert.deepEqual(second.of("alive"), []);
		} finally {
			mock.timers.reset();
		}
	});
});

describe("mounting", () => {
	it("a module the browser cannot evaluate is reported in ready with phase evaluate", async () => {
		const { of } = await mounted({ "app.js": APP, "bad.js": "function bad_js() { ) }" });
		const [ready] = of("ready");
		assert.deepEqual(ready.errors.map((e) => [e.phase, e.id]), [["evaluate", "bad.js"]]);
		assert.equal(ready.running, "current");
	});

	it("the synced state's error is on the overlay from the start", async () => {
		const { overlay, label } = await mounted({ "app.js": APP }, { error: { message: "SyntaxError: from the kernel", id: "lib.js", line: 1, column: 0, frame: "" } });
		assert.match(overlay(), /SyntaxError: from the kernel/);
		assert.equal(label(), "one");
	});

	it("ready says how long the mount took: no longer than the call", async () => {
		const document = createDocument();
		const model = createModel({ _bundle: { entry: "app.js", version: 0, modules: { "app.js": APP }, error: null } });
		const view = new WidgetView(model, document.createElement("div"));
		const before = performance.now();
		await view.mount();
		const took = performance.now() - before;
		const [{ ms }] = model.sent.filter((m) => m.type === "ready");
		assert.ok(ms >= 0 && ms <= Math.ceil(took), `${ms} ms reported, the mount took ${took} ms`);
	});

	it("an entry that is gone says how to bring it back", async () => {
		const { overlay, view, of } = await mounted({ "other.js": APP });
		assert.match(overlay(), /app\.js is not defined in the kernel any more/);
		assert.match(overlay(), /Define app\.js again \(run its %%module cell\): this view comes back by itself\./);
		assert.equal(view.running, "none");
		assert.equal(of("ready")[0].running, "none");
	});

	it("an entry whose import throws is blamed on the module that threw, with its line", async () => {
		const lib = `function lib_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
throw new Error("lib broke");
}`;
		const app = entry(drawLabel("one"), { top: '__nbb_require__("lib.js");' });
		const { of, view } = await mounted({ "app.js": app, "lib.js": lib });
		const [ready] = of("ready");
		assert.deepEqual(ready.errors.map((e) => [e.phase, e.id, e.line, e.revision, e.message]), [["init", "lib.js", 2, 0, "Error: lib broke"]]);
		assert.equal(ready.running, "none");
		assert.deepEqual(logged("error").map(([text]) => text), ["[nbbundle] lib.js:"]);
		assert.equal(view.note(), "The app is not running in this view. Fix the cell and run it again.");
	});

	it("an entry whose default export is the definition renders it; one with no render says anywidget's convention", async () => {
		const byDefault = entry(drawLabel("default"), { exports: '{"default": () => definition}', top: "const definition = { render };" });
		assert.equal((await mounted({ "app.js": byDefault })).label(), "default");
		const none = `function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"x": () => 1});}`;
		const { of, overlay } = await mounted({ "app.js": none });
		const [ready] = of("ready");
		assert.deepEqual(ready.errors.map((e) => [e.phase, e.id, e.message]),
			[["entry", "app.js", "Error: app.js exports no render({ model, el }) function (anywidget's entry convention)"]]);
		assert.equal(ready.running, "none");
		assert.match(overlay(), /exports no render/);
	});

	it("initialize gets the model once per view; render's cleanup runs before the next render, initialize's only when it runs again", async () => {
		const log = [];
		globalThis.__widgetViewTestLog = log;
		const app = entry(`${drawLabel("one")} return () => globalThis.__widgetViewTestLog.push("render cleanup");`, {
			exports: '{"initialize": () => initialize, "render": () => render}',
			top: 'function initialize({ model }) { globalThis.__widgetViewTestLog.push(`initialize ${model.get("_bundle").entry}`); return () => globalThis.__widgetViewTestLog.push("initialize cleanup"); }',
		});
		try {
			const { view } = await mounted({ "app.js": app });
			await view.renderWith(view.lastGood);
			// The same code rendered again: anywidget calls initialize once per model, render per view.
			assert.deepEqual(log, ["initialize app.js", "render cleanup"]);
		} finally {
			delete globalThis.__widgetViewTestLog;
		}
	});

	it("a cleanup that throws is warned about, and the next render happens", async () => {
		const app = entry(`${drawLabel("one")} return () => { throw new Error("cleanup broke"); };`);
		const { view, label: text } = await mounted({ "app.js": app });
		await view.renderWith(view.lastGood);
		assert.deepEqual(logged("warn"), [["[nbbundle] error cleaning up the previous render.", "cleanup broke"]]);
		assert.equal(text(), "one");
	});
});

describe("updates of the entry", () => {
	it("a render that throws rolls back to the last one that worked: running previous, said on the overlay", async () => {
		const { model, view, label, of, overlay } = await mounted();
		view.receive(update(1, { "app.js": entry('throw new Error("render broke");') }));
		await settle();
		assert.equal(label(), "one");
		const [applied] = of("applied");
		assert.deepEqual([applied.running, applied.errors.map((e) => [e.phase, e.id, e.message])], ["previous", [["render", "app.js", "Error: render broke"]]]);
		assert.match(overlay(), /The new version failed before it replaced anything/);
		assert.equal(model.get("_bundle").version, 0);
	});

	it("when the last good render fails again, nothing runs, and the console says why", async () => {
		let calls = 0;
		globalThis.__widgetViewRenders = () => ++calls;
		try {
			const flaky = entry(`if (globalThis.__widgetViewRenders() > 1) throw new Error("render " + ${"calls"}); ${drawLabel("one")}`, { top: "const calls = 0;" });
			const { view, label: text, of } = await mounted({ "app.js": flaky });
			view.receive(update(1, { "app.js": entry('throw new Error("new render broke");') }));
			await settle();
			assert.equal(text(), undefined);
			assert.equal(of("applied")[0].running, "none");
			assert.deepEqual(logged("error").map(([message]) => message).filter((m) => m.includes("previous")), ["[nbbundle] the previous version could not render again either:"]);
			assert.equal(view.note(), "The app is not running in this view. Fix the cell and run it again.");
		} finally {
			delete globalThis.__widgetViewRenders;
		}
	});

	it("an entry update that fails to import keeps the drawing and counts as previous", async () => {
		const { view, label, of } = await mounted();
		view.receive(update(1, { "app.js": entry(drawLabel("two"), { top: 'throw new Error("import broke");' }) }));
		await settle();
		assert.equal(label(), "one");
		assert.deepEqual(of("applied").map((m) => [m.running, m.errors.map((e) => [e.phase, e.id])]), [["previous", [["init", "app.js"]]]]);
	});

	it("a dep callback that throws leaves a mixed app, and the overlay's note says so", async () => {
		const app = entry(drawLabel("one"), { top: '__nbb_require__("dep.js"); __nbb_module__.meta.hot.accept("./dep.js", () => { throw new Error("callback broke"); });' });
		const dep = (n) => `function dep_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"n": () => ${n}});}`;
		const { view, of, overlay } = await mounted({ "app.js": app, "dep.js": dep(1) });
		view.receive(update(1, { "dep.js": dep(2) }, [{ kind: "dep", boundary: "app.js", acceptedVia: "dep.js", chain: ["dep.js"], isWithinCircularImport: false }]));
		await settle();
		assert.equal(of("applied")[0].running, "mixed");
		assert.match(overlay(), /A callback stopped part way: this view may show parts of both versions\. Fix the cell and run it again\./);
	});

	it("a good update after a failed one runs the current version, and its note says so if an error shows", async () => {
		const { view, of } = await mounted();
		view.receive(update(1, { "app.js": entry('throw new Error("render broke");') }));
		view.receive(update(2, { "app.js": entry(drawLabel("three")) }));
		await reported(() => of("applied").length === 2);
		assert.deepEqual(of("applied").map((m) => m.running), ["previous", "current"]);
		assert.equal(view.note(), "This view runs the last version that worked here. Fix the cell and run it again.");
	});
});

describe("the kernel's messages", () => {
	it("an update the view already has is ignored; one that skips a version remounts", async () => {
		const { view, of, label } = await mounted();
		view.receive(update(0, { "app.js": entry(drawLabel("zero again")) }));
		await settle();
		assert.deepEqual([of("applied"), label()], [[], "one"]);
		view.receive(update(2, { "app.js": entry(drawLabel("two")) }));
		await settle();
		assert.deepEqual(logged("info"), [["[nbbundle] remounting app.js: missed an update (have 0, got 2)"]]);
	});

	it("update code the browser cannot evaluate: reported as applied with phase evaluate, the app keeps running", async () => {
		const { view, of, label, overlay } = await mounted();
		view.receive(update(1, { "app.js": "function app_js() { ) }" }));
		await settle();
		const [applied] = of("applied");
		assert.deepEqual([applied.version, applied.running, applied.errors.map((e) => [e.phase, e.id]), applied.executed, applied.hot], [1, "previous", [["evaluate", "app.js"]], [], {}]);
		assert.equal(label(), "one");
		assert.match(overlay(), /The new version failed before it replaced anything/);
		assert.equal(view.client.version, 1);
		// The next version applies in place.
		view.receive(update(2, { "app.js": entry(drawLabel("two")) }));
		await settle();
		assert.equal(label(), "two");
		assert.deepEqual(logged("info"), []);
	});

	it("an app-wide error moves the view to its version; the next update applies in place", async () => {
		const { view, label, overlay } = await mounted();
		view.receive({ type: "error", version: 1, error: { message: "SyntaxError: nope", id: "app.js", line: 1, column: 0, frame: "" } });
		await settle();
		assert.match(overlay(), /SyntaxError: nope/);
		assert.deepEqual([view.version, view.client.version], [1, 1]);
		view.receive({ type: "error", version: 1, error: { message: "SyntaxError: again", id: "app.js", line: 1, column: 0, frame: "" } });
		view.receive(update(2, { "app.js": entry(drawLabel("two")) }));
		await settle();
		assert.equal(label(), "two");
		assert.deepEqual(logged("info"), [], "no remount");
	});

	it("custom events reach the modules' listeners", async () => {
		const app = entry(drawLabel("one"), { top: '__nbb_module__.meta.hot.on("ping", (data) => { globalThis.__widgetViewPing = data; });' });
		const { view } = await mounted({ "app.js": app });
		view.receive({ type: "custom", event: "ping", data: { n: 1 } });
		await settle();
		assert.deepEqual(globalThis.__widgetViewPing, { n: 1 });
		delete globalThis.__widgetViewPing;
	});

	it("a listener that throws outside an update is a runtime-error with what runs", async () => {
		const app = entry(drawLabel("one"), { top: '__nbb_module__.meta.hot.on("ping", () => { throw new Error("listener broke"); });' });
		const { view, of } = await mounted({ "app.js": app });
		view.receive({ type: "custom", event: "ping" });
		await settle();
		assert.deepEqual(of("runtime-error").map((m) => [m.error.phase, m.error.id, m.error.message, m.running]), [["listener", "app.js", "Error: listener broke", "current"]]);
	});

	it("resync: a view at or past the version keeps running, an older one or a resync without version remounts", async () => {
		const { view } = await mounted();
		view.receive({ type: "resync", version: 0 });
		await settle();
		assert.deepEqual(logged("info"), []);
		view.receive({ type: "resync", version: 1 });
		view.receive({ type: "resync" });
		await settle();
		assert.deepEqual(logged("info"), [["[nbbundle] remounting app.js: resync"], ["[nbbundle] remounting app.js: resync"]]);
	});

	it("an unknown or empty message is warned about; a handler that fails is logged", async () => {
		const { view } = await mounted();
		view.receive({ type: "shout" });
		view.receive(null);
		await settle();
		assert.deepEqual(watched.calls.filter(([level]) => level === "warn").map(([, text, message]) => [text, message]),
			[["[nbbundle] unknown message from the kernel", { type: "shout" }], ["[nbbundle] unknown message from the kernel", null]]);
		view.handle = async () => { throw new Error("handler broke"); };
		view.receive({ type: "custom" });
		await settle();
		assert.deepEqual(logged("error"), [["[nbbundle]", "handler broke"]]);
	});
});

describe("remounting", () => {
	it("removes this view's styles and keeps other views'", async () => {
		const css = `function style_css(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); __nbb_require__.css("style.css", "p { color: red }");}`;
		const app = entry(drawLabel("one"), { top: '__nbb_require__("style.css");' });
		globalThis.document = createDocument(); // styles.js writes only where there is a document
		let first;
		try {
			first = await mounted({ "app.js": app, "style.css": css });
		} finally {
			delete globalThis.document;
		}
		const other = first.document.createElement("style");
		other.setAttribute("data-nbbundle-id", "someone-else:style.css");
		first.document.head.append(other);
		const styles = () => first.document.head.querySelectorAll("style[data-nbbundle-id]").map((s) => s.getAttribute("data-nbbundle-id"));
		assert.deepEqual(styles(), [`${first.view.name}:style.css`, "someone-else:style.css"]);
		await first.view.teardown();
		assert.deepEqual(styles(), ["someone-else:style.css"]);
	});
});

describe("what mutation testing found next", () => {
	it("a module's import.meta.url is under nbbundle:///", async () => {
		const app = entry(drawLabel("one"), { top: "globalThis.__widgetViewUrl = __nbb_module__.meta.url;" });
		await mounted({ "app.js": app });
		assert.equal(globalThis.__widgetViewUrl, "nbbundle:///app.js");
		delete globalThis.__widgetViewUrl;
	});

	it("an entry that is gone shows no note about what runs", async () => {
		const { el } = await mounted({ "other.js": APP });
		assert.equal(el.querySelector(".nbbundle-overlay-note"), null);
	});

	it("a thrown value that is no Error is blamed on the entry, in its import and in its render", async () => {
		const importThrows = entry(drawLabel("one"), { top: 'throw "import string";' });
		const renderThrows = entry('throw "render string";');
		for (const [code, phase, message] of [[importThrows, "init", "import string"], [renderThrows, "render", "render string"]]) {
			const { of } = await mounted({ "app.js": code });
			assert.deepEqual(of("ready")[0].errors.map((e) => [e.phase, e.id, e.line, e.message]), [[phase, "app.js", null, message]]);
		}
	});

	it("an error's column is where it was thrown", async () => {
		const lib = `function lib_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
    throw new Error("lib broke");
}`;
		const { of } = await mounted({ "app.js": entry(drawLabel("one"), { top: '__nbb_require__("lib.js");' }), "lib.js": lib });
		// The stack names where the Error was made: `new` at column 10 (0-based) of line 2.
		assert.deepEqual(of("ready")[0].errors.map((e) => [e.id, e.line, e.column]), [["lib.js", 2, 10]]);
	});

	it("a default export that is a function is no definition: the named render is used", async () => {
		const app = entry(drawLabel("named"), { exports: '{"default": () => other, "render": () => render}', top: "function other() {}" });
		const { label } = await mounted({ "app.js": app });
		assert.equal(label(), "named");
	});

	it("an update to an entry without render keeps the previous drawing and says previous", async () => {
		const { view, of, label } = await mounted();
		view.receive(update(1, { "app.js": `function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});}` }));
		await settle();
		assert.equal(of("applied")[0].running, "previous");
		assert.equal(label(), "one");
	});

	it("a first render that throws rolls back to nothing, without trying an earlier version", async () => {
		const { of, label } = await mounted({ "app.js": entry('throw new Error("render broke");') });
		assert.equal(of("ready")[0].running, "none");
		assert.equal(label(), undefined);
		assert.deepEqual(logged("error").map(([text]) => text), ["[nbbundle] app.js:"]);
	});

	it("a definition that failed is not rendered again as the previous one", async () => {
		// The definition object lives in def.js, which the entry update does not re-run.
		globalThis.__widgetViewFail = false;
		const def = `function def_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"definition": () => definition});
const definition = { render({ el }) { if (globalThis.__widgetViewFail) throw new Error("render broke"); const span = el.ownerDocument.createElement("span"); span.className = "label"; span.textContent = "def"; el.append(span); } };
}`;
		const app = `function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => __nbb_i.definition}); var __nbb_i = __nbb_require__("def.js");}`;
		try {
			const { view, of, label } = await mounted({ "app.js": app, "def.js": def });
			assert.equal(label(), "def");
			globalThis.__widgetViewFail = true;
			view.receive(update(1, { "app.js": app }));
			await settle();
			assert.equal(of("applied")[0].running, "none");
			assert.deepEqual(logged("error").filter(([text]) => text.includes("previous")), []);
		} finally {
			delete globalThis.__widgetViewFail;
		}
	});

	it("an entry that renders again next to a dep callback that throws: mixed", async () => {
		const dep = (n) => `function dep_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"n": () => ${n}});}`;
		const other = entry(drawLabel("other"), { name: "other_js", top: '__nbb_require__("dep.js"); __nbb_module__.meta.hot.accept("./dep.js", () => { throw new Error("callback broke"); });' });
		const app = entry(drawLabel("one"), { top: '__nbb_require__("other.js");' });
		const { view, of } = await mounted({ "app.js": app, "other.js": other, "dep.js": dep(1) });
		view.receive(update(1, { "dep.js": dep(2), "app.js": app }, [
			{ kind: "dep", boundary: "other.js", acceptedVia: "dep.js", chain: ["dep.js"], isWithinCircularImport: false },
			{ kind: "entry", boundary: "app.js", acceptedVia: "app.js", chain: ["app.js"], isWithinCircularImport: false },
		]));
		await settle();
		assert.deepEqual(of("applied").map((m) => [m.running, m.errors.map((e) => e.phase)]), [["mixed", ["accept"]]]);
	});

	it("a view destroyed before it mounted ends quietly", async () => {
		const model = createModel({ _bundle: { entry: "app.js", version: 0, modules: { "app.js": APP }, error: null } });
		const view = new WidgetView(model, createDocument().createElement("div"));
		view.destroy();
		await view.queue;
		assert.deepEqual(model.sent, []);
	});

	it("a dispose callback that throws while the view remounts is shown, not sent as a runtime error", async () => {
		const app = entry(drawLabel("one"), { top: '__nbb_module__.meta.hot.dispose(() => { throw new Error("dispose broke"); });' });
		const { view, of } = await mounted({ "app.js": app });
		view.receive({ type: "resync" });
		await settle();
		assert.deepEqual(of("runtime-error"), []);
		assert.deepEqual(logged("error").map(([text, message]) => [text, message]).filter(([, message]) => message === "dispose broke").length, 2);
	});

	it("code the browser rejects while nothing runs leaves nothing running", async () => {
		const { view, of } = await mounted({ "app.js": entry('throw new Error("render broke");') });
		view.receive(update(1, { "app.js": "function app_js() { ) }" }));
		await settle();
		assert.deepEqual(of("applied").map((m) => [m.running, m.errors.map((e) => e.phase)]), [["none", ["evaluate"]]]);
	});

	it("code the browser rejects right after a lazy module ran still reports that module in applied", async () => {
		const lazy = `function lazy_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});}`;
		const { view, of } = await mounted({ "app.js": APP, "lazy.js": lazy });
		await view.moduleSystem.import("lazy.js");
		await view.handle(update(1, { "app.js": "function app_js() { ) }" }));
		assert.deepEqual(of("applied").map((m) => m.executed), [["lazy.js"]]);
	});

	it("an app-wide error older than the view's version does not take it back", async () => {
		const { view, label } = await mounted();
		view.receive(update(1, { "app.js": entry(drawLabel("two")) }));
		view.receive({ type: "error", version: 0, error: { message: "late", id: "app.js", line: 1, column: 0, frame: "" } });
		view.receive(update(2, { "app.js": entry(drawLabel("three")) }));
		await settle();
		assert.deepEqual([view.version, label()], [2, "three"]);
		assert.deepEqual(logged("info"), [], "no remount");
	});

	it("a render that returns no cleanup is re-rendered without a warning", async () => {
		const { view } = await mounted();
		await view.renderWith(view.lastGood);
		await view.renderWith(view.lastGood);
		assert.deepEqual(logged("warn"), []);
	});
});
