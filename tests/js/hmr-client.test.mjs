// The HMR client against real module systems. Init functions are hand-written in the contract
// form of ARCHITECTURE.md; `import.meta.hot` is `__nbb_module__.meta.hot`. Each factory closes
// over a `log` so a test can see which versions ran and in what order.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { runningAfter } from "../../js/hmr-client.js";
import { HotContext, resolveHotDependency } from "../../js/hot-context.js";
import { createFakeDocument } from "./fake-dom.mjs";
import { createView, depUpdate, nextTask, selfUpdate, updateMessage } from "./hmr-harness.mjs";

/** `value.js`: exports `value`, self-accepts; the callback logs the new value. */
function selfAccepting(value, log) {
	return function value_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => value});
		log.push(`value.js ${value}`);
		__nbb_module__.meta.hot.accept((next) => log.push(`value.js accepted ${next.value}`));
	};
}

/** A module that exports `value` and accepts nothing. */
function plain(name, value, log) {
	return function plain_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => value});
		log.push(`${name} ${value}`);
	};
}

/** `app.js`: imports `dep` and exports `read()`, which reads the dep's `value`. */
function importer(dep, log) {
	return function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"read": () => read}); var __nbb_import_0__ = __nbb_require__.l(dep); __nbb_require__(dep);
		log.push("app.js");
		function read() { return __nbb_import_0__.value; }
	};
}

describe("accept", () => {
	it("self accept runs the new version, gives its callback the new namespace, and does not re-run the importer", async () => {
		const log = [];
		const view = createView({ "app.js": importer("value.js", log), "value.js": selfAccepting(1, log) });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "value.js": selfAccepting(2, log) }, updates: [selfUpdate("value.js")] }));
		assert.deepEqual(log, ["value.js 1", "app.js", "value.js 2", "value.js accepted 2"]);
		assert.equal(view.moduleSystem.cacheMap.get("value.js").exports.value, 2);
		assert.deepEqual(view.sentOf("applied").map((message) => message.version), [1]);
		assert.equal(typeof view.sentOf("applied")[0].ms, "number");
		assert.deepEqual(view.callsOf("clearError"), [["clearError"]]);
	});

	it("dep accept gives the importer's callback the new dep without re-running the importer", async () => {
		const log = [];
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"read": () => read}); var __nbb_import_0__ = __nbb_require__.l("src/dep.js"); __nbb_require__("src/dep.js");
			log.push("app.js");
			let dep = __nbb_import_0__;
			function read() { return dep.value; }
			__nbb_module__.meta.hot.accept("./dep.js", (next) => { dep = next; log.push(`app.js got ${next.value}`); });
		}
		const view = createView({ "src/app.js": app_js, "src/dep.js": plain("dep.js", 1, log) }, { entry: "src/app.js" });
		const app = await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "src/dep.js": plain("dep.js", 2, log) }, updates: [depUpdate("src/app.js", "src/dep.js")] }));
		assert.deepEqual(log, ["dep.js 1", "app.js", "dep.js 2", "app.js got 2"]);
		assert.equal(app.read(), 2);
	});

	it("an array of deps gets an array aligned with the deps, the new namespace at the updated one", async () => {
		const received = [];
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("a.js"), __nbb_import_1__ = __nbb_require__.l("b.js"); __nbb_require__("a.js"); __nbb_require__("b.js");
			__nbb_module__.meta.hot.accept(["./a.js", "./b.js"], (modules) => received.push(modules));
		}
		const view = createView({ "app.js": app_js, "a.js": plain("a", 1, []), "b.js": plain("b", 1, []) });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "b.js": plain("b", 2, []) }, updates: [depUpdate("app.js", "b.js")] }));
		assert.equal(received.length, 1);
		const [a, b] = received[0];
		assert.equal(a, undefined);
		assert.equal(b.value, 2);
	});

	it("a changed grandchild re-runs the chain up to the accepted child; other modules keep their state", async () => {
		const log = [];
		const grandchild = (value) => function grandchild_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => value});
			log.push(`grandchild ${value}`);
			__nbb_module__.meta.hot.dispose(() => log.push(`dispose grandchild ${value}`));
		};
		function child_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"doubled": () => doubled}); var __nbb_import_0__ = __nbb_require__.l("lib/grandchild.js"); __nbb_require__("lib/grandchild.js");
			const doubled = __nbb_import_0__.value * 2;
			log.push(`child ${doubled}`);
			__nbb_module__.meta.hot.dispose(() => log.push(`dispose child ${doubled}`));
		}
		function other_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"clicks": () => clicks, "click": () => click});
			log.push("other");
			let clicks = 0;
			function click() { clicks++; }
		}
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"child": () => child}); var __nbb_import_0__ = __nbb_require__.l("lib/child.js"), __nbb_import_1__ = __nbb_require__.l("lib/other.js"); __nbb_require__("lib/child.js"); __nbb_require__("lib/other.js");
			log.push("app");
			let child = __nbb_import_0__;
			__nbb_module__.meta.hot.accept("./child.js", (next) => { child = next; });
		}
		const view = createView(
			{ "lib/app.js": app_js, "lib/child.js": child_js, "lib/grandchild.js": grandchild(1), "lib/other.js": other_js },
			{ entry: "lib/app.js" },
		);
		const app = await view.start();
		view.moduleSystem.cacheMap.get("lib/other.js").exports.click();
		log.length = 0;
		const chain = ["lib/grandchild.js", "lib/child.js"];
		await view.client.applyUpdate(updateMessage(1, { modules: { "lib/grandchild.js": grandchild(5) }, updates: [depUpdate("lib/app.js", "lib/child.js", chain)] }));
		assert.deepEqual(log, ["dispose grandchild 1", "dispose child 2", "grandchild 5", "child 10"]);
		assert.equal(app.child.doubled, 10);
		assert.equal(view.moduleSystem.cacheMap.get("lib/other.js").exports.clicks, 1, "other.js kept its state");
	});

	it("acceptExports is a self accept on the client", async () => {
		const log = [];
		const counter = (value) => function counter_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => value});
			__nbb_module__.meta.hot.acceptExports(["value"], (next) => log.push(`accepted ${next.value}`));
		};
		const view = createView({ "app.js": importer("counter.js", log), "counter.js": counter(1) });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "counter.js": counter(2) }, updates: [selfUpdate("counter.js")] }));
		assert.deepEqual(log, ["app.js", "accepted 2"]);
	});

	it("throws on invalid accept usage and resolves relative deps against the owner's id", () => {
		const view = createView({});
		const hot = new HotContext(view.client, "lib/app.js");
		assert.throws(() => hot.accept(/** @type {any} */ (42)), { message: "[nbbundle] invalid hot.accept() usage." });
		assert.throws(() => hot.accept("./x.js", /** @type {any} */ ("not a function")), { message: "[nbbundle] invalid hot.accept() usage." });
		assert.equal(resolveHotDependency("lib/app.js", "./child.js"), "lib/child.js");
		assert.equal(resolveHotDependency("lib/ui/app.js", "../x.js"), "lib/x.js");
		assert.equal(resolveHotDependency("app.js", "./sub/./y.js"), "sub/y.js");
		assert.equal(resolveHotDependency("lib/app.js", "node_modules/pkg/index.js"), "node_modules/pkg/index.js");
	});
});

describe("async modules (top-level await)", () => {
	/** `data.js`: awaits its value (top-level await), self-accepts unless told not to. */
	const data = (value, log, { accept = true } = {}) =>
		function* data_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => loaded}); yield; if (__nbb_require__.a([], 1)) yield;
			log.push(`data ${value} start`);
			const loaded = __nbb_require__.y(yield(Promise.resolve(value)));
			log.push(`data ${value} end`);
			if (accept) __nbb_module__.meta.hot.accept((next) => log.push(`data accepted ${next.value}`));
		};
	/** `view.js`: async only because it imports data.js; reads the value when it runs. */
	const view = (log) =>
		function* view_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"seen": () => seen}); var __nbb_import_0__ = __nbb_require__.l("data.js"); yield; if (__nbb_require__.a(["data.js"])) yield;
			const seen = __nbb_import_0__.value;
			log.push(`view sees ${seen}`);
		};

	it("a self-accepting module with top-level await is run again and its callback gets the settled namespace", async () => {
		const log = [];
		function* app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("data.js"); yield; if (__nbb_require__.a(["data.js"])) yield;
			log.push(`app sees ${__nbb_import_0__.value}`);
		}
		const tested = createView({ "app.js": app_js, "data.js": data(1, log) });
		await tested.start();
		await tested.client.applyUpdate(updateMessage(1, { modules: { "data.js": data(2, log) }, updates: [selfUpdate("data.js")] }));
		assert.deepEqual(log, ["data 1 start", "data 1 end", "app sees 1", "data 2 start", "data 2 end", "data accepted 2"]);
		assert.equal(tested.moduleSystem.cacheMap.get("data.js").exports.value, 2);
		assert.deepEqual(tested.sentOf("applied").map((message) => message.errors), [[]]);
	});

	it("a chain of async modules re-runs in the spec's order before the boundary's callback", async () => {
		const log = [];
		function* app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("view.js"); yield; if (__nbb_require__.a(["view.js"])) yield;
			log.push(`app sees ${__nbb_import_0__.seen}`);
			__nbb_module__.meta.hot.accept("./view.js", (next) => log.push(`app got ${next.seen}`));
		}
		const tested = createView({ "app.js": app_js, "view.js": view(log), "data.js": data(1, log, { accept: false }) });
		await tested.start();
		await tested.client.applyUpdate(updateMessage(1, {
			modules: { "data.js": data(2, log, { accept: false }) },
			updates: [depUpdate("app.js", "view.js", ["data.js", "view.js"])],
		}));
		assert.deepEqual(log, ["data 1 start", "data 1 end", "view sees 1", "app sees 1", "data 2 start", "data 2 end", "view sees 2", "app got 2"]);
		assert.deepEqual(tested.sentOf("applied").map((message) => message.errors), [[]]);
	});

	it("a rejected top-level await in an update is reported for the module that threw", async () => {
		const log = [];
		const failing = function* data_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => 0}); yield; if (__nbb_require__.a([], 1)) yield;
			__nbb_require__.y(yield(null));
			throw new Error("data 3 failed");
		};
		const tested = createView({ "app.js": function* app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("data.js"); yield; if (__nbb_require__.a(["data.js"])) yield; }, "data.js": data(1, log) });
		await tested.start();
		await tested.client.applyUpdate(updateMessage(1, { modules: { "data.js": failing }, updates: [selfUpdate("data.js")] }));
		const [applied] = tested.sentOf("applied");
		assert.deepEqual(applied.errors.map((error) => [error.id, error.phase]), [["data.js", "init"]]);
		assert.match(applied.errors[0].message, /data 3 failed/);
		assert.equal(tested.moduleSystem.getModuleState("data.js"), "failed");
	});
});

describe("what runs after an update with errors (runningAfter)", () => {
	const after = (...phases) => runningAfter(phases.map((phase) => ({ phase, id: "a.js", line: null, column: null, revision: null, message: "x" })));
	it("each phase on its own", () => {
		assert.deepEqual(["accept", "render", "init", "evaluate", "dispose", "prune"].map((phase) => [phase, after(phase)]), [
			["accept", "mixed"], ["render", "mixed"], ["init", "previous"], ["evaluate", "previous"], ["dispose", "current"], ["prune", "current"]]);
		assert.equal(after(), "current");
	});
	it("a callback that stopped half way wins over a version that never ran", () => {
		assert.deepEqual([after("init", "accept"), after("evaluate", "render"), after("prune", "init")], ["mixed", "mixed", "previous"]);
	});
});

describe("dispose, prune and data", () => {
	it("a dispose or prune callback that throws is reported with its phase, the others still run, and the new version runs", async () => {
		const log = [];
		function extra_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			const hot = __nbb_module__.meta.hot;
			hot.dispose(() => { log.push("dispose 1"); throw new Error("dispose failed"); });
			hot.dispose(() => log.push("dispose 2"));
			hot.prune(() => { log.push("prune 1"); throw new Error("prune failed"); });
			hot.prune(() => log.push("prune 2"));
		}
		const app = (imports) => function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			if (imports) __nbb_require__("extra.js");
			__nbb_module__.meta.hot.accept();
		};
		const view = createView({ "app.js": app(true), "extra.js": extra_js });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "app.js": app(false) }, removed: ["extra.js"], updates: [selfUpdate("app.js")] }));
		assert.deepEqual(log, ["dispose 1", "dispose 2", "prune 1", "prune 2"]);
		assert.deepEqual(view.callsOf("reportError").map(([, id, error, phase]) => [id, error.message, phase]),
			[["extra.js", "dispose failed", "dispose"], ["extra.js", "prune failed", "prune"]]);
		const [applied] = view.sentOf("applied");
		assert.deepEqual([applied.version, applied.running, applied.errors.map((e) => [e.phase, e.id])],
			[1, "current", [["dispose", "extra.js"], ["prune", "extra.js"]]]);
		assert.equal(view.moduleSystem.getModuleState("extra.js"), "unregistered");
	});

	it("a removed module runs dispose then prune with the same data, and comes back with fresh data", async () => {
		const log = [];
		/** @type {any[]} */
		const datas = [];
		function extra_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			const hot = __nbb_module__.meta.hot;
			datas.push(hot.data);
			log.push(`extra with ${JSON.stringify(hot.data)}`);
			hot.dispose((data) => { data.disposed = true; log.push("dispose"); });
			hot.prune((data) => log.push(`prune disposed=${data.disposed}`));
		}
		const app = (imports) => function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			if (imports) __nbb_require__("extra.js");
			__nbb_module__.meta.hot.accept();
		};
		const view = createView({ "app.js": app(true), "extra.js": extra_js });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "app.js": app(false) }, removed: ["extra.js"], updates: [selfUpdate("app.js")] }));
		assert.deepEqual(log, ["extra with {}", "dispose", "prune disposed=true"]);
		assert.equal(view.moduleSystem.getModuleState("extra.js"), "unregistered");
		await view.client.applyUpdate(updateMessage(2, { modules: { "app.js": app(true), "extra.js": extra_js }, updates: [selfUpdate("app.js")] }));
		assert.equal(log.at(-1), "extra with {}", "the data was dropped with the pruned module");
		assert.notEqual(datas[1], datas[0]);
	});

	it("hot.data is the same object across versions: a counter survives three updates", async () => {
		/** @type {any[]} */
		const seen = [];
		function counter_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"count": () => count});
			const data = __nbb_module__.meta.hot.data;
			data.count = (data.count ?? 0) + 1;
			const count = data.count;
			seen.push(data);
			__nbb_module__.meta.hot.accept();
		}
		const view = createView({ "app.js": importer("counter.js", []), "counter.js": counter_js });
		await view.start();
		for (const version of [1, 2, 3]) {
			await view.client.applyUpdate(updateMessage(version, { modules: { "counter.js": counter_js }, updates: [selfUpdate("counter.js")] }));
		}
		assert.equal(view.moduleSystem.cacheMap.get("counter.js").exports.count, 4);
		assert.equal(new Set(seen).size, 1);
	});

	it("dispose receives data and runs before the new version initializes", async () => {
		const log = [];
		const timer = (version) => function timer_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			log.push(`start v${version} after ${__nbb_module__.meta.hot.data.stopped ?? "nothing"}`);
			__nbb_module__.meta.hot.dispose((data) => { data.stopped = `v${version}`; });
			__nbb_module__.meta.hot.accept();
		};
		const view = createView({ "app.js": importer("timer.js", []), "timer.js": timer(1) });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "timer.js": timer(2) }, updates: [selfUpdate("timer.js")] }));
		assert.deepEqual(log, ["start v1 after nothing", "start v2 after v1"]);
	});

	it("client.dispose() runs every module's dispose callbacks, for a full remount", async () => {
		const log = [];
		const withCleanup = (name, dep) => function cleanup_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			if (dep) __nbb_require__(dep);
			__nbb_module__.meta.hot.dispose(() => log.push(`dispose ${name}`));
			__nbb_module__.meta.hot.prune(() => log.push(`prune ${name}`));
		};
		const view = createView({ "app.js": withCleanup("app", "leaf.js"), "leaf.js": withCleanup("leaf") });
		await view.start();
		await view.client.dispose();
		assert.deepEqual(log.sort(), ["dispose app", "dispose leaf"]);
		await view.client.applyUpdate(updateMessage(1, { updates: [selfUpdate("app.js")] }));
		assert.deepEqual(view.sentOf("applied"), [], "a disposed client applies nothing");
	});
});

describe("invalidate", () => {
	it("invalidate() in an accept callback sends an invalidate message naming the module as first", async () => {
		const child = (value) => function child_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => value});
			__nbb_module__.meta.hot.accept((next) => {
				if (next.value > 9) __nbb_module__.meta.hot.invalidate("too big for a hot update");
			});
		};
		const view = createView({ "app.js": importer("child.js", []), "child.js": child(1) });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "child.js": child(10) }, updates: [selfUpdate("child.js")] }));
		assert.deepEqual(view.sentOf("invalidate"), [
			{ type: "invalidate", version: 1, id: "child.js", message: "too big for a hot update", firstInvalidatedBy: "child.js" },
		]);
	});

	it("invalidate() outside an update names the invalidating module as first", async () => {
		function lone_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			__nbb_module__.meta.hot.invalidate();
		}
		const view = createView({ "app.js": lone_js });
		await view.start();
		assert.deepEqual(view.sentOf("invalidate"), [{ type: "invalidate", version: -1, id: "app.js", message: null, firstInvalidatedBy: "app.js" }]);
	});

	it("in a cycle of invalidating modules, the second update carries the first module's id on", async () => {
		// a.js ⇄ b.js; each accepts the other and always invalidates: a loop the kernel breaks
		// when firstInvalidatedBy comes back as a boundary's acceptedVia.
		const module = (self, other) => function cycle_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"name": () => name}); var __nbb_import_0__ = __nbb_require__.l(other); __nbb_require__(other);
			const name = self;
			__nbb_module__.meta.hot.accept(`./${other}`, () => __nbb_module__.meta.hot.invalidate());
		};
		const view = createView({ "a.js": module("a.js", "b.js"), "b.js": module("b.js", "a.js") }, { entry: "a.js" });
		await view.start();
		const cycle = { isWithinCircularImport: true };
		await view.client.applyUpdate(updateMessage(1, { modules: { "b.js": module("b.js", "a.js") }, updates: [{ ...depUpdate("a.js", "b.js"), ...cycle }] }));
		// The kernel answers a's invalidate with an update from a's importers (b accepts a).
		await view.client.applyUpdate(updateMessage(2, { updates: [{ ...depUpdate("b.js", "a.js"), ...cycle }], firstInvalidatedBy: "a.js" }));
		assert.deepEqual(
			view.sentOf("invalidate").map(({ id, firstInvalidatedBy }) => [id, firstInvalidatedBy]),
			[["a.js", "a.js"], ["b.js", "a.js"]],
		);
		assert.deepEqual(view.callsOf("remount"), []);
	});
});

describe("CSS", () => {
	/** @type {ReturnType<typeof createFakeDocument>} */
	let doc;
	beforeEach(() => {
		doc = createFakeDocument();
		globalThis.document = /** @type {any} */ (doc);
	});
	afterEach(() => {
		delete globalThis.document;
	});

	// The compiler's CSS form (transform.py): self-accepting, its prune removes the style.
	const css = (text) => function style_css(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.d(__nbb_exports__, {}); __nbb_require__.css("style.css", text);
		if (__nbb_module__.meta.hot) { __nbb_module__.meta.hot.accept(); __nbb_module__.meta.hot.prune(function () { __nbb_require__.css("style.css", null); }); }
	};
	const app = (imports) => function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
		if (imports) __nbb_require__("style.css");
		__nbb_module__.meta.hot.accept();
	};

	it("a CSS update replaces the text of the same style node, and pruning removes it", async () => {
		const view = createView({ "app.js": app(true), "style.css": css("a { color: red }") });
		await view.start();
		const [node] = doc.head.children;
		assert.equal(node.textContent, "a { color: red }");
		await view.client.applyUpdate(updateMessage(1, { modules: { "style.css": css("a { color: blue }") }, updates: [selfUpdate("style.css")] }));
		assert.equal(doc.head.children.length, 1);
		assert.equal(doc.head.children[0], node);
		assert.equal(node.textContent, "a { color: blue }");
		await view.client.applyUpdate(updateMessage(2, { modules: { "app.js": app(false) }, removed: ["style.css"], updates: [selfUpdate("app.js")] }));
		assert.equal(doc.head.children.length, 0);
	});
});

describe("errors", () => {
	it("a version that throws is reported with its id, the old exports stay in use, and the next good update clears the error", async () => {
		const log = [];
		const child = (value) => function child_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => value});
			if (value < 0) throw new Error(`bad value ${value}`);
		};
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"read": () => read}); var __nbb_import_0__ = __nbb_require__.l("child.js"); __nbb_require__("child.js");
			let child = __nbb_import_0__;
			function read() { return child.value; }
			__nbb_module__.meta.hot.accept("./child.js", (next) => { child = next; log.push(`accepted ${next.value}`); });
		}
		const view = createView({ "app.js": app_js, "child.js": child(1) });
		const app = await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "child.js": child(-1) }, updates: [depUpdate("app.js", "child.js")] }));
		const [[, id, error]] = view.callsOf("reportError");
		assert.equal(id, "child.js");
		assert.equal(error.message, "bad value -1");
		assert.equal(app.read(), 1, "app still uses the last good child");
		assert.deepEqual(view.callsOf("clearError"), []);
		assert.ok(view.logs.some(([level, text]) => level === "error" && text.startsWith("[nbbundle]")));
		await view.client.applyUpdate(updateMessage(2, { modules: { "child.js": child(2) }, updates: [depUpdate("app.js", "child.js")] }));
		assert.equal(app.read(), 2);
		assert.deepEqual(log, ["accepted 2"]);
		assert.deepEqual(view.callsOf("clearError"), [["clearError"]]);
		assert.deepEqual(view.sentOf("applied").map((message) => message.version), [1, 2]);
	});

	it("a throwing accept callback is reported with the boundary's id", async () => {
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); __nbb_require__("child.js");
			__nbb_module__.meta.hot.accept("./child.js", () => { throw new Error("callback broke"); });
		}
		const view = createView({ "app.js": app_js, "child.js": plain("child", 1, []) });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "child.js": plain("child", 2, []) }, updates: [depUpdate("app.js", "child.js")] }));
		assert.deepEqual(view.callsOf("reportError").map(([, id, error]) => [id, error.message]), [["app.js", "callback broke"]]);
	});

	it("a failed re-import inside an import cycle remounts", async () => {
		const view = createView({ "app.js": importer("value.js", []), "value.js": selfAccepting(1, []) });
		await view.start();
		function broken_js() { throw new Error("broken"); }
		const update = { ...selfUpdate("value.js"), isWithinCircularImport: true };
		await view.client.applyUpdate(updateMessage(1, { modules: { "value.js": broken_js }, updates: [update] }));
		assert.deepEqual(view.callsOf("remount"), [["remount", "circular import"]]);
		assert.equal(view.callsOf("reportError").length, 1);
	});
});

describe("views and ordering", () => {
	it("two views apply the same update independently", async () => {
		function counter_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"count": () => count});
			const data = __nbb_module__.meta.hot.data;
			const count = data.count = (data.count ?? 0) + 1;
			__nbb_module__.meta.hot.accept();
		}
		const modules = { "app.js": importer("counter.js", []), "counter.js": counter_js };
		const one = createView(modules);
		const two = createView(modules);
		await one.start();
		await two.start();
		const message = updateMessage(1, { modules: { "counter.js": counter_js }, updates: [selfUpdate("counter.js")] });
		await one.client.applyUpdate(message);
		await two.client.applyUpdate(message);
		await one.client.applyUpdate(updateMessage(2, { modules: { "counter.js": counter_js }, updates: [selfUpdate("counter.js")] }));
		const count = (view) => view.moduleSystem.cacheMap.get("counter.js").exports.count;
		assert.equal(count(one), 3);
		assert.equal(count(two), 2);
		assert.notEqual(one.moduleSystem.cacheMap.get("counter.js").meta.hot, two.moduleSystem.cacheMap.get("counter.js").meta.hot);
		assert.deepEqual(one.sentOf("applied").map((m) => m.version), [1, 2]);
		assert.deepEqual(two.sentOf("applied").map((m) => m.version), [1]);
	});

	it("updates sent back to back are applied in order, even when one is slow or fails", async () => {
		const log = [];
		const slow = (value) => function value_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => value});
			if (value === 2) throw new Error("v2 is broken");
			log.push(`run ${value}`);
			__nbb_module__.meta.hot.accept(async (next) => {
				await new Promise((resolve) => setTimeout(resolve, next.value === 1 ? 20 : 0));
				log.push(`accepted ${next.value}`);
			});
		};
		const view = createView({ "app.js": importer("value.js", []), "value.js": slow(0) });
		await view.start();
		const updates = [1, 2, 3, 4].map((value) => view.client.applyUpdate(updateMessage(value, { modules: { "value.js": slow(value) }, updates: [selfUpdate("value.js")] })));
		await Promise.all(updates);
		// The callback for v1 is slow and v2 throws before it accepts, so no callback is left to
		// take v3 or v4: those remount (the widget starts again from the synced state) instead of
		// re-running the module in place. Each update starts only after the previous one finished.
		assert.deepEqual(log, ["run 0", "run 1", "accepted 1"]);
		assert.deepEqual(view.sentOf("applied").map((m) => [m.version, m.running, m.errors.map((e) => e.phase)]), [[1, "current", []], [2, "previous", ["init"]]]);
		assert.deepEqual(view.callsOf("remount").map(([, reason]) => reason), [
			"value.js registered no hot.accept() of value.js in this view", "value.js registered no hot.accept() of value.js in this view"]);
	});

	it("an update whose boundary never ran in this view is skipped", async () => {
		const log = [];
		const view = createView({ "app.js": plain("app", 1, log), "lazy.js": selfAccepting(1, log) });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "lazy.js": selfAccepting(2, log) }, updates: [selfUpdate("lazy.js")] }));
		assert.deepEqual(log, ["app 1"]);
		assert.equal(view.moduleSystem.getModuleState("lazy.js"), "registered");
		assert.deepEqual(view.sentOf("applied").map((m) => m.version), [1]);
		await view.moduleSystem.import("lazy.js");
		assert.deepEqual(log, ["app 1", "value.js 2"], "the new code runs when it is first imported");
	});

	it("an entry update re-imports the entry through the host", async () => {
		const log = [];
		const app = (version) => function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"render": () => render});
			__nbb_module__.meta.hot.dispose(() => log.push(`dispose v${version}`));
			function render() { log.push(`render v${version}`); }
		};
		const view = createView({ "app.js": app(1) });
		(await view.start()).render();
		const update = { kind: "entry", boundary: "app.js", acceptedVia: "app.js", chain: ["app.js"], isWithinCircularImport: false };
		await view.client.applyUpdate(updateMessage(1, { modules: { "app.js": app(2) }, updates: [update] }));
		assert.deepEqual(log, ["render v1", "dispose v1", "render v2"]);
		assert.deepEqual(view.callsOf("remountEntry"), [["remountEntry"]]);
	});

	it("an entry that fails to re-import is reported by the host, counted in applied, and its error is not cleared", async () => {
		const app = (version) => function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			if (version > 1) throw new Error(`v${version} is broken`);
		};
		const entryUpdate = { kind: "entry", boundary: "app.js", acceptedVia: "app.js", chain: ["app.js"], isWithinCircularImport: false };
		const view = createView({ "app.js": app(1) });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "app.js": app(2) }, updates: [entryUpdate] }));
		assert.deepEqual(view.callsOf("reportError").map(([, id, error, phase]) => [id, error.message, phase]), [["app.js", "v2 is broken", "init"]]);
		assert.deepEqual(view.callsOf("clearError"), []);
		const [applied] = view.sentOf("applied");
		assert.deepEqual([applied.version, applied.running, applied.errors.map((e) => [e.phase, e.id, e.message])],
			[1, "previous", [["init", "app.js", "Error: v2 is broken"]]]);
	});

	it("a reload calls host.remount and applies nothing", async () => {
		const log = [];
		const view = createView({ "app.js": importer("value.js", log), "value.js": selfAccepting(1, log) });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "value.js": selfAccepting(2, log) }, updates: [selfUpdate("value.js")], reload: "no boundary for value.js" }));
		assert.deepEqual(view.callsOf("remount"), [["remount", "no boundary for value.js"]]);
		assert.deepEqual(log, ["value.js 1", "app.js"]);
		assert.equal(view.moduleSystem.moduleMap.get("value.js").name, "value_js", "the new code is registered for the remount");
	});
});

describe("events and executed reports", () => {
	it("listeners of an old version do not fire after an update, and off() removes one", async () => {
		const log = [];
		const listener = (version) => function listen_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"stop": () => stop});
			const onPing = (data) => log.push(`v${version} ${data}`);
			function stop() { __nbb_module__.meta.hot.off("ping", onPing); }
			__nbb_module__.meta.hot.on("ping", onPing);
			__nbb_module__.meta.hot.accept();
		};
		const view = createView({ "app.js": importer("listen.js", []), "listen.js": listener(1) });
		await view.start();
		await view.client.dispatch("ping", "a");
		await view.client.applyUpdate(updateMessage(1, { modules: { "listen.js": listener(2) }, updates: [selfUpdate("listen.js")] }));
		await view.client.dispatch("ping", "b");
		view.moduleSystem.cacheMap.get("listen.js").exports.stop();
		await view.client.dispatch("ping", "c");
		assert.deepEqual(log, ["v1 a", "v2 b"]);
	});

	it("custom events go to the kernel with hot.send and come back through dispatch", async () => {
		const received = [];
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			__nbb_module__.meta.hot.on("reply", (data) => received.push(data));
			__nbb_module__.meta.hot.send("hello", { from: "app.js" });
		}
		const view = createView({ "app.js": app_js });
		await view.start();
		assert.deepEqual(view.sentOf("custom"), [{ type: "custom", event: "hello", data: { from: "app.js" } }]);
		await view.client.dispatch("reply", { ok: true });
		await view.client.dispatch("other", 1);
		assert.deepEqual(received, [{ ok: true }]);
	});

	it("a throwing listener is reported, and the other listeners still run", async () => {
		const log = [];
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			__nbb_module__.meta.hot.on("tick", () => { throw new Error("listener broke"); });
			__nbb_module__.meta.hot.on("tick", () => log.push("second"));
		}
		const view = createView({ "app.js": app_js });
		await view.start();
		await view.client.dispatch("tick");
		assert.deepEqual(log, ["second"]);
		assert.deepEqual(view.callsOf("reportError").map(([, id, error]) => [id, error.message]), [["app.js", "listener broke"]]);
	});

	it("what hot.accept*() registered at run time is reported, including accepts made after the module ran", async () => {
		let later = () => {};
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"x": () => 1, "y": () => 2});
			if (false) __nbb_module__.meta.hot.accept(); // in the text, never run: no boundary
			__nbb_module__.meta.hot.acceptExports(["x"], () => {});
			later = () => __nbb_module__.meta.hot.accept("./dep.js", () => {});
		}
		const view = createView({ "app.js": app_js });
		await view.start();
		await nextTask();
		assert.deepEqual(view.sentOf("executed").at(-1).hot, { "app.js": { self: false, deps: [], exports: ["x"] } });
		later(); // e.g. inside render()
		await nextTask();
		assert.deepEqual(view.sentOf("executed").at(-1), { type: "executed", ids: [], hot: { "app.js": { self: false, deps: ["dep.js"], exports: ["x"] } } });
	});

	it("executed ids are reported once per batch, and again after a prune", async () => {
		const app = (imports) => function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			for (const id of imports) __nbb_require__(id);
			__nbb_module__.meta.hot.accept();
		};
		const view = createView({ "app.js": app(["a.js", "b.js"]), "a.js": plain("a", 1, []), "b.js": plain("b", 1, []) });
		await view.start();
		assert.deepEqual(view.sentOf("executed"), [], "batched, not sent synchronously");
		await nextTask();
		const none = { self: false, deps: [], exports: null };
		assert.deepEqual(view.sentOf("executed"), [{ type: "executed", ids: ["app.js", "a.js", "b.js"],
			hot: { "app.js": { self: true, deps: [], exports: null }, "a.js": none, "b.js": none } }]);
		await view.client.applyUpdate(updateMessage(1, { modules: { "app.js": app(["a.js", "b.js", "c.js"]), "c.js": plain("c", 1, []) }, updates: [selfUpdate("app.js")] }));
		await nextTask();
		// What an update ran rides on its `applied`: one message to the kernel per update.
		assert.equal(view.sentOf("executed").length, 1, "no executed message of its own");
		assert.deepEqual(view.sentOf("applied").at(-1).executed, ["c.js"], "only the new id");
		assert.deepEqual(Object.keys(view.sentOf("applied").at(-1).hot).sort(), ["app.js", "c.js"], "and what the new instances registered");
		await view.client.applyUpdate(updateMessage(2, { modules: { "app.js": app(["a.js", "b.js"]) }, removed: ["c.js"], updates: [selfUpdate("app.js")] }));
		await view.client.applyUpdate(updateMessage(3, { modules: { "app.js": app(["a.js", "b.js", "c.js"]), "c.js": plain("c", 1, []) }, updates: [selfUpdate("app.js")] }));
		await nextTask();
		assert.equal(view.sentOf("executed").length, 1);
		assert.deepEqual(view.sentOf("applied").map((m) => [m.version, m.executed]), [[1, ["c.js"]], [2, []], [3, ["c.js"]]], "reported again after the prune");
	});

	it("what an update ran before it waited for a macrotask is not held back until its applied", async () => {
		let release = () => {};
		const app = (version) => function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			__nbb_module__.meta.hot.accept(() => new Promise((resolve) => { release = resolve; }));
			if (version > 1) __nbb_module__.meta.hot.acceptExports(["x"]);
		};
		const view = createView({ "app.js": app(1) });
		await view.start();
		await nextTask();
		const applied = view.client.applyUpdate(updateMessage(1, { modules: { "app.js": app(2) }, updates: [selfUpdate("app.js")] }));
		await nextTask(); // the old version's accept callback is still waiting...
		await nextTask(); // ...after the client's timer, set during the update, fired
		assert.deepEqual(view.sentOf("executed").at(-1).hot, { "app.js": { self: true, deps: [], exports: ["x"] } },
			"the kernel hears of the new registrations at the next macrotask, as before");
		release();
		await applied;
		assert.deepEqual([view.sentOf("applied")[0].executed, view.sentOf("applied")[0].hot], [[], {}], "and not twice");
	});
});
