// The HMR client's edges that mutation testing (scripts/mutation.sh js/hmr-client.js) found
// untested: what it logs and reports when user code or the host fails, a disposed client, the
// `updating` flag, which module is blamed for a failed re-import, and the `executed` batches.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { HmrClient } from "../../js/hmr-client.js";
import { createModuleSystem } from "../../js/module-system.js";
import { createView, depUpdate, nextTask, selfUpdate, updateMessage } from "./hmr-harness.mjs";

/** A module `name` that accepts itself and logs its version. */
const selfAccepting = (name, version, log = []) => function self_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"version": () => version});
	log.push(`${name} ${version}`);
	__nbb_module__.meta.hot.accept();
};
/** A module that imports `deps` (ids) and exports nothing. */
const importing = (...deps) => function importing_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
	for (const dep of deps) __nbb_require__(dep);
};
const throwing = (message) => function throwing_js() { throw new Error(message); };
const errorLogs = (view) => view.logs.filter(([level]) => level === "error").map(([, text, error]) => [text, error?.message]);

describe("what the client logs and reports", () => {
	it("a transport that throws is logged, not thrown", () => {
		const moduleSystem = createModuleSystem();
		const logs = [];
		const logger = { error: (...args) => logs.push(args), warn: () => {}, debug: () => {} };
		const client = new HmrClient({ moduleSystem, send: () => { throw new Error("socket closed"); }, host: {}, logger });
		client.send({ type: "custom" });
		assert.deepEqual(logs.map(([text, error]) => [text, error.message]), [["[nbbundle] could not send a message to the kernel:", "socket closed"]]);
	});

	it("invalidate() says which module and why at debug level", async () => {
		let hot;
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); hot = __nbb_module__.meta.hot; }
		const view = createView({ "app.js": app_js });
		await view.start();
		hot.invalidate("stale state");
		hot.invalidate();
		assert.deepEqual(view.logs.filter(([level]) => level === "debug"), [["debug", "[nbbundle] invalidate app.js: stale state"], ["debug", "[nbbundle] invalidate app.js"]]);
	});

	it("a throwing accept callback is logged with the boundary, counted as phase accept, and leaves a mixed app", async () => {
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); __nbb_require__("child.js");
			__nbb_module__.meta.hot.accept("./child.js", () => { throw new Error("callback broke"); });
		}
		const view = createView({ "app.js": app_js, "child.js": importing() });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "child.js": importing() }, updates: [depUpdate("app.js", "child.js")] }));
		assert.deepEqual(errorLogs(view), [["[nbbundle] hot.accept() callback of app.js failed:", "callback broke"]]);
		const [applied] = view.sentOf("applied");
		assert.deepEqual([applied.running, applied.errors.map((e) => [e.phase, e.id, e.message])], ["mixed", [["accept", "app.js", "Error: callback broke"]]]);
	});

	it("a dispose callback that throws during an update is logged and counted as phase dispose", async () => {
		function value_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			__nbb_module__.meta.hot.dispose(() => { throw new Error("cleanup broke"); });
			__nbb_module__.meta.hot.accept();
		}
		const view = createView({ "app.js": importing("value.js"), "value.js": value_js });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "value.js": selfAccepting("value", 2) }, updates: [selfUpdate("value.js")] }));
		assert.deepEqual(errorLogs(view), [["[nbbundle] hot.dispose() callback of value.js failed:", "cleanup broke"]]);
		const [applied] = view.sentOf("applied");
		assert.deepEqual([applied.running, applied.errors.map((e) => [e.phase, e.id])], ["current", [["dispose", "value.js"]]]);
	});

	it("a host whose reportError throws is logged, and the update still ends with applied", async () => {
		const view = createView({ "app.js": importing("value.js"), "value.js": selfAccepting("value", 1) });
		view.host.reportError = () => { throw new Error("host broke"); };
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "value.js": throwing("v2 broke") }, updates: [selfUpdate("value.js")] }));
		assert.deepEqual(errorLogs(view), [["[nbbundle] hot update of value.js failed:", "v2 broke"], ["[nbbundle] host.reportError failed:", "host broke"]]);
		assert.deepEqual(view.sentOf("applied").map((m) => [m.version, m.running, m.errors.map((e) => e.phase)]), [[1, "previous", ["init"]]]);
	});

	it("the host's own failures during an update are logged with their phase", async () => {
		const view = createView({ "app.js": importing() });
		await view.start();
		view.client.report(new Error("render broke"), "app.js", "render");
		assert.deepEqual(errorLogs(view), [["[nbbundle] render of app.js failed:", "render broke"]]);
	});

	it("a listener that throws is logged with its event; a module without listeners for the event is left alone", async () => {
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); __nbb_require__("quiet.js");
			__nbb_module__.meta.hot.on("tick", () => { throw new Error("listener broke"); });
		}
		const view = createView({ "app.js": app_js, "quiet.js": importing() });
		await view.start();
		await view.client.dispatch("tock");
		assert.deepEqual([view.logs.filter(([level]) => level === "error"), view.callsOf("reportError")], [[], []]);
		await view.client.dispatch("tick", 1);
		assert.deepEqual(errorLogs(view), [['[nbbundle] hot.on("tick") listener of app.js failed:', "listener broke"]]);
		assert.deepEqual(view.callsOf("reportError").map(([, id, , phase]) => [id, phase]), [["app.js", "listener"]]);
	});

	it("an update without boundaries logs nothing; one whose boundary never ran says so at debug level", async () => {
		const view = createView({ "app.js": importing(), "lazy.js": selfAccepting("lazy", 1) });
		await view.start();
		await view.client.applyUpdate({ version: 1, modules: {} });
		assert.deepEqual(view.logs, []);
		await view.client.applyUpdate(updateMessage(2, { modules: { "lazy.js": selfAccepting("lazy", 2) }, updates: [selfUpdate("lazy.js")] }));
		assert.deepEqual(view.logs, [["debug", "[nbbundle] skipped lazy.js: lazy.js never ran in this view"]]);
		assert.deepEqual(view.sentOf("applied").map((m) => m.version), [1, 2]);
	});
});

describe("a disposed client", () => {
	it("client.dispose({ prune: true }) runs dispose then prune callbacks, each failure reported with its phase", async () => {
		const log = [];
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			__nbb_module__.meta.hot.dispose(() => { log.push("dispose"); throw new Error("dispose broke"); });
			__nbb_module__.meta.hot.prune(() => { log.push("prune"); throw new Error("prune broke"); });
		}
		const view = createView({ "app.js": app_js });
		await view.start();
		await view.client.dispose({ prune: true });
		assert.deepEqual(log, ["dispose", "prune"]);
		assert.deepEqual(view.callsOf("reportError").map(([, id, error, phase]) => [id, error.message, phase]), [["app.js", "dispose broke", "dispose"], ["app.js", "prune broke", "prune"]]);
		assert.deepEqual(errorLogs(view), [["[nbbundle] hot.dispose() callback of app.js failed:", "dispose broke"], ["[nbbundle] hot.prune() callback of app.js failed:", "prune broke"]]);
	});

	it("applies no update at all: no new code, no remount, no version", async () => {
		const log = [];
		const view = createView({ "app.js": importing("value.js"), "value.js": selfAccepting("value", 1, log) });
		await view.start();
		await view.client.dispose();
		await view.client.applyUpdate(updateMessage(1, { modules: { "value.js": selfAccepting("value", 2, log) }, updates: [selfUpdate("value.js")] }));
		await view.client.applyUpdate(updateMessage(2, { reload: "edited" }));
		assert.deepEqual([log, view.client.version, view.callsOf("remount"), view.sentOf("applied")], [["value 1"], -1, [], []]);
		assert.equal(view.moduleSystem.cacheMap.get("value.js").exports.version, 1);
	});
});

describe("updates", () => {
	it("client.updating is true while an update runs its callbacks, and false before and after", async () => {
		const seen = [];
		let client;
		const value = (version) => function value_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			__nbb_module__.meta.hot.accept(() => seen.push(`v${version} callback: ${client.updating}`));
		};
		const view = createView({ "app.js": importing("value.js"), "value.js": value(1) });
		client = view.client;
		await view.start();
		seen.push(`before: ${client.updating}`);
		await client.applyUpdate(updateMessage(1, { modules: { "value.js": value(2) }, updates: [selfUpdate("value.js")] }));
		seen.push(`after: ${client.updating}`);
		assert.deepEqual(seen, ["before: false", "v1 callback: true", "after: false"]);
	});

	it("an update whose host fails still ends it: updating is false again", async () => {
		const view = createView({ "app.js": importing("value.js"), "value.js": selfAccepting("value", 1) });
		view.host.clearError = () => { throw new Error("host broke"); };
		await view.start();
		await assert.rejects(view.client.applyUpdate(updateMessage(1, { modules: { "value.js": selfAccepting("value", 2) }, updates: [selfUpdate("value.js")] })), /host broke/);
		assert.equal(view.client.updating, false);
	});

	it("the origin of an invalidate is forgotten once its update ran: a later invalidate names its own module", async () => {
		let hot;
		const value = (version) => function value_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			hot = __nbb_module__.meta.hot;
			__nbb_module__.meta.hot.accept();
		};
		const view = createView({ "app.js": importing("value.js"), "value.js": value(1) });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "value.js": value(2) }, updates: [selfUpdate("value.js")], firstInvalidatedBy: "other.js" }));
		hot.invalidate();
		assert.deepEqual(view.sentOf("invalidate").map((m) => [m.id, m.firstInvalidatedBy]), [["value.js", "value.js"]]);
	});

	it("applied says how long the update took: no longer than the call", async () => {
		const view = createView({ "app.js": importing("value.js"), "value.js": selfAccepting("value", 1) });
		await view.start();
		const before = performance.now();
		await view.client.applyUpdate(updateMessage(1, { modules: { "value.js": selfAccepting("value", 2) }, updates: [selfUpdate("value.js")] }));
		const took = performance.now() - before;
		const [{ ms }] = view.sentOf("applied");
		assert.ok(ms >= 0 && ms <= Math.ceil(took), `${ms} ms reported, the call took ${took} ms`);
	});

	it("only the callbacks that accept the updated dependency run", async () => {
		const log = [];
		function app_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); __nbb_require__("a.js"); __nbb_require__("b.js");
			__nbb_module__.meta.hot.accept("./a.js", () => log.push("a accepted"));
			__nbb_module__.meta.hot.accept("./b.js", () => log.push("b accepted"));
		}
		const view = createView({ "app.js": app_js, "a.js": importing(), "b.js": importing() });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "a.js": importing() }, updates: [depUpdate("app.js", "a.js")] }));
		assert.deepEqual(log, ["a accepted"]);
	});

	it("a module in the chains of two boundaries is disposed once", async () => {
		const log = [];
		function shared_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			__nbb_module__.meta.hot.dispose(() => log.push("dispose shared"));
		}
		const view = createView({ "app.js": importing("x.js", "y.js"), "x.js": selfAccepting("x", 1, log), "y.js": selfAccepting("y", 1, log), "shared.js": shared_js });
		await view.start();
		await view.moduleSystem.import("shared.js");
		log.length = 0;
		const update = (boundary) => ({ ...selfUpdate(boundary), chain: ["shared.js", boundary] });
		await view.client.applyUpdate(updateMessage(1, { modules: { "shared.js": shared_js }, updates: [update("x.js"), update("y.js")] }));
		assert.deepEqual(log, ["dispose shared", "x 1", "y 1"]);
	});

	it("a removed module that never ran is dropped without a callback or an error", async () => {
		const view = createView({ "app.js": importing(), "never.js": importing() });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { removed: ["never.js"] }));
		assert.deepEqual(view.sentOf("applied").map((m) => [m.version, m.errors]), [[1, []]]);
		assert.equal(view.moduleSystem.getModuleState("never.js"), "unregistered");
	});
});

describe("a failed re-import", () => {
	it("blames the module of the chain that threw, not the boundary", async () => {
		const view = createView({ "app.js": importing("mid.js"), "mid.js": selfAcceptingImporting("leaf.js"), "leaf.js": importing() });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "leaf.js": throwing("leaf broke"), "mid.js": selfAcceptingImporting("leaf.js") },
			updates: [{ ...selfUpdate("mid.js"), chain: ["leaf.js", "mid.js"] }] }));
		assert.deepEqual(view.sentOf("applied")[0].errors.map((e) => [e.phase, e.id, e.message]), [["init", "leaf.js", "Error: leaf broke"]]);
		assert.deepEqual(errorLogs(view), [["[nbbundle] hot update of leaf.js failed:", "leaf broke"]]);
	});

	it("blames the module that threw, not an earlier one of the chain that ran fine", async () => {
		const view = createView({ "app.js": importing("mid.js"), "mid.js": selfAcceptingImporting("ok.js", "bad.js"), "ok.js": importing(), "bad.js": importing() });
		await view.start();
		await view.client.applyUpdate(updateMessage(1, { modules: { "ok.js": importing(), "bad.js": throwing("bad broke") },
			updates: [{ ...selfUpdate("mid.js"), chain: ["ok.js", "bad.js", "mid.js"] }] }));
		assert.deepEqual(view.sentOf("applied")[0].errors.map((e) => [e.phase, e.id]), [["init", "bad.js"]]);
	});

	it("an update without new code whose re-run throws is reported against the module", async () => {
		let runs = 0;
		function flaky_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			if (++runs > 1) throw new Error("second run broke");
			__nbb_module__.meta.hot.accept();
		}
		const view = createView({ "app.js": importing("flaky.js"), "flaky.js": flaky_js });
		await view.start();
		await view.client.applyUpdate({ version: 1, updates: [selfUpdate("flaky.js")] });
		assert.deepEqual(view.sentOf("applied")[0].errors.map((e) => [e.phase, e.id, e.message]), [["init", "flaky.js", "Error: second run broke"]]);
	});

	it("inside an import cycle, a callback that throws remounts (even when another one worked), and nothing more is applied", async () => {
		const log = [];
		function value_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			__nbb_module__.meta.hot.accept(() => { throw new Error("callback broke"); });
			__nbb_module__.meta.hot.accept(() => log.push("second callback"));
		}
		const view = createView({ "app.js": importing("value.js", "other.js"), "value.js": value_js, "other.js": selfAccepting("other", 1, log) });
		await view.start();
		const cycle = { ...selfUpdate("value.js"), isWithinCircularImport: true };
		await view.client.applyUpdate(updateMessage(1, { modules: { "value.js": value_js, "other.js": selfAccepting("other", 2, log) },
			updates: [cycle, selfUpdate("other.js")], removed: [] }));
		assert.deepEqual(view.callsOf("remount"), [["remount", "circular import"]]);
		assert.deepEqual(log, ["other 1", "second callback"], "other.js's update is not applied after the remount");
		assert.deepEqual(view.sentOf("applied"), [], "a remount reports in its own ready");
	});
});

describe("executed batches", () => {
	it("a module imported later is reported in an executed message of its own", async () => {
		const view = createView({ "app.js": importing(), "lazy.js": selfAccepting("lazy", 1) });
		await view.start();
		await nextTask();
		const before = view.sentOf("executed").length;
		await view.moduleSystem.import("lazy.js");
		await nextTask();
		assert.deepEqual(view.sentOf("executed").slice(before), [{ type: "executed", ids: ["lazy.js"], hot: { "lazy.js": { self: true, deps: [], exports: null } } }]);
	});

	it("a registration of a module that is gone sends nothing", async () => {
		const view = createView({ "app.js": importing() });
		await view.start();
		await nextTask();
		const before = view.sent.length;
		view.client.registered("gone.js");
		await nextTask();
		assert.deepEqual(view.sent.slice(before), []);
	});

	it("hotFacts of a module that never ran are empty", () => {
		const view = createView({});
		assert.deepEqual(view.client.hotFacts("never.js"), { self: false, deps: [], exports: null });
	});
});

/** A module that imports `deps` and accepts itself. */
function selfAcceptingImporting(...deps) {
	return function mid_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
		for (const dep of deps) __nbb_require__(dep);
		__nbb_module__.meta.hot.accept();
	};
}
