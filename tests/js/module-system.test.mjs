// The RFC module system. Init functions are written by hand in the contract form of
// ARCHITECTURE.md (`function id_js(__nbb_module__, __nbb_exports__, __nbb_require__) {...}`).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";

import { createModuleSystem, DEFAULT_ACQUISITION_NAME, installModuleSystem, ModuleSystem } from "../../js/module-system.js";

const SEALED = "[nbbundle] Cannot register plugins after the entry point module has been initialized";

/** A sync ES module that exports `value` and counts how often its init ran. */
function counted(value, counter = { runs: 0 }) {
	return function counted_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => value});
		counter.runs++;
	};
}

describe("acquisition", () => {
	it("installs under the default name and returns a singleton", () => {
		const global = {};
		const ms = installModuleSystem(global);
		assert.ok(ms instanceof ModuleSystem);
		assert.equal(DEFAULT_ACQUISITION_NAME, "__acquire_farm_module_system__");
		assert.equal(global.__acquire_farm_module_system__(), ms);
		assert.equal(global.__acquire_farm_module_system__(), ms);
		assert.equal(installModuleSystem(global), ms);
	});

	it("reads the name from __farm_module_system_acquisition_name__ when installing", () => {
		const global = { __farm_module_system_acquisition_name__: "acquireViewOne" };
		const ms = installModuleSystem(global);
		assert.equal(global.acquireViewOne(), ms);
		assert.equal(global.__acquire_farm_module_system__, undefined);
		global.__farm_module_system_acquisition_name__ = "acquireViewTwo";
		const other = installModuleSystem(global);
		assert.notEqual(other, ms, "each name has its own module system");
		assert.equal(global.acquireViewTwo(), other);
	});

	it("returns what an existing acquisition function returns", () => {
		const existing = createModuleSystem();
		const global = { __acquire_farm_module_system__: () => existing };
		assert.equal(installModuleSystem(global), existing);
	});

	it("has the RFC aliases r g u d c as the same functions", () => {
		const ms = createModuleSystem();
		assert.equal(ms.r, ms.require);
		assert.equal(ms.g, ms.register);
		assert.equal(ms.u, ms.update);
		assert.equal(ms.d, ms.delete);
		assert.equal(ms.c, ms.deleteCache);
		const { g, r } = ms;
		g("a.js", counted(1));
		assert.equal(r("a.js").value, 1, "the methods work detached");
	});
});

describe("module instances and states", () => {
	it("creates instances with the RFC's fields and null-prototype exports and meta", () => {
		const ms = createModuleSystem();
		let seen;
		ms.register("lib/util.js", function lib_util_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			seen = { module: __nbb_module__, exports: __nbb_module__.exports, loaded: __nbb_module__.loaded };
		}, "https://example.com/assets/bundle.js");
		ms.register("plain.js", counted(1));
		const exports = ms.require("lib/util.js");
		const module = ms.cacheMap.get("lib/util.js");
		assert.equal(seen.module, module);
		assert.equal(seen.exports, exports);
		assert.equal(seen.loaded, false);
		assert.equal(module.id, "lib/util.js");
		assert.equal(module.loaded, true);
		assert.equal(module.error, null);
		assert.equal(Object.getPrototypeOf(module.exports), null);
		assert.equal(Object.getPrototypeOf(module.meta), null);
		assert.equal(module.meta.url, "https://example.com/assets/lib/util.js");
		ms.require("plain.js");
		assert.equal(ms.cacheMap.get("plain.js").meta.url, "plain.js", "without a url, the id");
	});

	it("resolves an emitted asset beside the resource that registered the module (u)", () => {
		const ms = createModuleSystem();
		const asset = (file) => function logo_png(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"default": () => __nbb_asset__}); var __nbb_asset__ = __nbb_require__.u(file);
		};
		// A module deep in the tree, or outside the root: the file sits beside the resource all the same.
		ms.register("img/logo.png", asset("logo.1a2b3c4d.png"), "https://example.com/site/app.js");
		ms.register("../shared/x.png", asset("x.5e6f7a8b.png"), "https://example.com/site/vendor.js");
		ms.register("bare.png", asset("bare.0000.png"));
		assert.equal(ms.require("img/logo.png").default, "https://example.com/site/logo.1a2b3c4d.png");
		assert.equal(ms.require("../shared/x.png").default, "https://example.com/site/x.5e6f7a8b.png");
		assert.equal(ms.require("bare.png").default, "bare.0000.png", "without a resource URL, the file name");
	});

	it("goes unregistered → registered → initialized", () => {
		const ms = createModuleSystem();
		assert.equal(ms.getModuleState("a.js"), "unregistered");
		ms.register("a.js", counted(1));
		assert.equal(ms.moduleMap.has("a.js"), true);
		assert.equal(ms.getModuleState("a.js"), "registered");
		ms.require("a.js");
		assert.equal(ms.getModuleState("a.js"), "initialized");
	});

	it("failed is final: a second require rethrows the same error without running the init", () => {
		const ms = createModuleSystem();
		let runs = 0;
		ms.register("bad.js", function bad_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			runs++;
			throw new Error("boom");
		});
		let first;
		assert.throws(() => ms.require("bad.js"), (error) => {
			first = error;
			return error.message === "boom";
		});
		assert.throws(() => ms.require("bad.js"), (error) => error === first);
		assert.equal(runs, 1);
		assert.equal(ms.getModuleState("bad.js"), "failed");
		assert.equal(ms.cacheMap.get("bad.js").error, first);
		assert.equal(ms.cacheMap.get("bad.js").loaded, false);
		// A new instance (HMR) runs the init again.
		assert.equal(ms.deleteCache("bad.js"), true);
		assert.throws(() => ms.require("bad.js"), { message: "boom" });
		assert.equal(runs, 2);
	});

	it("an importer of a failing module fails with the same error", () => {
		const ms = createModuleSystem();
		const error = new Error("dependency broke");
		ms.register("dep.js", function dep_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			throw error;
		});
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("dep.js"); __nbb_require__("dep.js");
		});
		assert.throws(() => ms.require("main.js"), (thrown) => thrown === error);
		assert.equal(ms.getModuleState("main.js"), "failed");
		assert.equal(ms.getModuleState("dep.js"), "failed");
	});

	it("update keeps the running instance; deleteCache makes the next require run the new init", () => {
		const ms = createModuleSystem();
		ms.register("a.js", counted(1));
		const v1 = ms.require("a.js");
		ms.update("a.js", counted(2));
		assert.equal(ms.require("a.js"), v1);
		assert.equal(v1.value, 1);
		assert.equal(ms.deleteCache("a.js"), true);
		assert.equal(ms.deleteCache("a.js"), false);
		const v2 = ms.require("a.js");
		assert.notEqual(v2, v1);
		assert.equal(v2.value, 2);
		assert.equal(ms.getModuleState("a.js"), "initialized");
	});

	it("delete unregisters the module and drops its instance", () => {
		const ms = createModuleSystem();
		ms.register("a.js", counted(1));
		ms.require("a.js");
		assert.equal(ms.delete("a.js"), true);
		assert.equal(ms.delete("a.js"), false);
		assert.equal(ms.getModuleState("a.js"), "unregistered");
		assert.equal(ms.cacheMap.has("a.js"), false);
	});

	it("throws MODULE_NOT_FOUND for an unregistered id, naming the importer", () => {
		const ms = createModuleSystem();
		assert.throws(() => ms.require("ghost.js"), (error) => {
			assert.equal(error.code, "MODULE_NOT_FOUND");
			assert.equal(error.message, '[nbbundle] Module "ghost.js" is not registered');
			return true;
		});
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("ghost.js"); __nbb_require__("ghost.js");
		});
		assert.throws(() => ms.require("main.js"), {
			code: "MODULE_NOT_FOUND",
			message: '[nbbundle] Module "ghost.js" is not registered (imported by "main.js")',
		});
	});
});

describe("hooks", () => {
	it("run in order: bootstrap once, create, initialize, cacheRead, error", () => {
		const ms = createModuleSystem();
		const log = [];
		ms.hooks.bootstrap.tap((system) => log.push(`bootstrap ${system === ms}`));
		ms.hooks.create.tap((module) => void log.push(`create ${module.id}`));
		ms.hooks.initialize.tap((module) => void log.push(`initialize ${module.id}`));
		ms.hooks.cacheRead.tap((module, importer) => void log.push(`cacheRead ${module.id} by ${importer ? importer.id : null}`));
		ms.hooks.error.tap((module, error) => log.push(`error ${module.id} ${error.message}`));
		ms.register("dep.js", counted(1));
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("dep.js"); __nbb_require__("dep.js");
		});
		ms.register("bad.js", function bad_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			throw new Error("boom");
		});
		assert.deepEqual(log, [], "nothing before the entry");
		ms.require("main.js");
		ms.require("main.js");
		assert.throws(() => ms.require("bad.js"));
		assert.deepEqual(log, [
			"bootstrap true",
			"create main.js",
			"initialize main.js",
			"create dep.js",
			"cacheRead dep.js by main.js",
			"initialize dep.js",
			"cacheRead main.js by null",
			"create bad.js",
			"initialize bad.js",
			"error bad.js boom",
		]);
	});

	it("create and cacheRead are waterfalls: their result is used, null keeps the cached one", () => {
		const ms = createModuleSystem();
		let initializedWith;
		ms.hooks.create.tap((module) => Object.assign(Object.create(Object.getPrototypeOf(module)), module, { plugin: "create" }));
		ms.hooks.create.tap((module) => {
			module.meta.hot = { id: module.id };
		});
		const readResults = [null, undefined];
		ms.hooks.cacheRead.tap(() => readResults.shift());
		ms.register("a.js", function a_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			initializedWith = __nbb_module__;
		});
		const exports = ms.require("a.js");
		assert.equal(initializedWith.plugin, "create");
		assert.deepEqual(initializedWith.meta.hot, { id: "a.js" });
		assert.equal(ms.cacheMap.get("a.js"), initializedWith);
		assert.equal(ms.require("a.js"), exports);
		assert.equal(ms.require("a.js"), exports);
	});

	it("are sealed once a sync entry is initialized", () => {
		const ms = createModuleSystem();
		ms.register("main.js", counted(1));
		ms.hooks.bootstrap.tap(() => {});
		ms.require("main.js");
		for (const hook of Object.values(ms.hooks)) assert.throws(() => hook.tap(() => {}), { message: SEALED });
	});

	it("are sealed when an async entry's promise settles, not before", async () => {
		const ms = createModuleSystem();
		let release;
		ms.register("main.js", function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); yield; if (__nbb_require__.a([], 1)) yield;
			__nbb_require__.y(yield(new Promise((resolve) => {
				release = resolve;
			})));
		});
		ms.require("main.js");
		const module = ms.cacheMap.get("main.js");
		assert.equal(module.state, "registered");
		assert.doesNotThrow(() => ms.hooks.create.tap(() => {}), "the entry is still initializing");
		release();
		await module.promise;
		assert.equal(module.state, "initialized");
		assert.throws(() => ms.hooks.create.tap(() => {}), { message: SEALED });
	});

	it("call bootstrap once even when the entry is imported with ms.import", async () => {
		const ms = createModuleSystem();
		let bootstraps = 0;
		ms.hooks.bootstrap.tap(() => bootstraps++);
		ms.register("main.js", counted(1));
		assert.equal((await ms.import("main.js")).value, 1);
		ms.require("main.js");
		assert.equal(bootstraps, 1);
		assert.throws(() => ms.hooks.error.tap(() => {}), { message: SEALED });
	});
});

describe("linking and cycles", () => {
	it("l() creates the instance without evaluating it, and require() evaluates that instance", () => {
		const ms = createModuleSystem();
		const counter = { runs: 0 };
		let linked;
		ms.register("dep.js", counted(5, counter));
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("dep.js");
			linked = { exports: __nbb_import_0__, runs: counter.runs, state: ms.getModuleState("dep.js"), keys: Object.keys(__nbb_import_0__) };
			__nbb_require__("dep.js");
		});
		ms.require("main.js");
		assert.deepEqual(linked.keys, []);
		assert.equal(linked.runs, 0);
		assert.equal(linked.state, "registered");
		assert.equal(counter.runs, 1);
		assert.equal(ms.require("dep.js"), linked.exports, "the same namespace object");
		assert.equal(linked.exports.value, 5);
	});

	it("lets even.js and odd.js call each other while they evaluate (hoisted functions in a cycle)", () => {
		const ms = createModuleSystem();
		ms.register("even.js", function even_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"even": () => even}); var __nbb_import_0__ = __nbb_require__.l("odd.js"); __nbb_require__("odd.js");
			function even(n) {
				return n === 0 ? true : (0, __nbb_import_0__.odd)(n - 1);
			}
		});
		ms.register("odd.js", function odd_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"odd": () => odd, "tenIsEven": () => tenIsEven}); var __nbb_import_0__ = __nbb_require__.l("even.js"); __nbb_require__("even.js");
			function odd(n) {
				return n === 0 ? false : (0, __nbb_import_0__.even)(n - 1);
			}
			// even.js is still evaluating (it imported this module), yet its hoisted `even` works.
			const tenIsEven = (0, __nbb_import_0__.even)(10);
		});
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"result": () => result}); var __nbb_import_0__ = __nbb_require__.l("even.js"), __nbb_import_1__ = __nbb_require__.l("odd.js"); __nbb_require__("even.js"); __nbb_require__("odd.js");
			const result = [(0, __nbb_import_0__.even)(7), (0, __nbb_import_1__.odd)(7), __nbb_import_1__.tenIsEven];
		});
		assert.deepEqual(ms.require("main.js").result, [false, true, true]);
	});

	it("returns partial exports to a module that requires one still evaluating", () => {
		const ms = createModuleSystem();
		let seen;
		ms.register("a.js", function a_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"a": () => a}); var __nbb_import_0__ = __nbb_require__.l("b.js"); __nbb_require__("b.js");
			const a = "A";
		});
		ms.register("b.js", function b_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("a.js"); __nbb_require__("a.js");
			seen = { keys: Reflect.ownKeys(__nbb_import_0__).map(String), state: ms.getModuleState("a.js") };
			// As in node: Object.keys reads each property's descriptor, and `a` is in its TDZ.
			assert.throws(() => Object.keys(__nbb_import_0__), ReferenceError);
			try {
				__nbb_import_0__.a;
			} catch (error) {
				seen.error = error;
			}
		});
		assert.equal(ms.require("a.js").a, "A");
		assert.deepEqual(seen.keys, ["a", "Symbol(Symbol.toStringTag)"]);
		assert.equal(seen.state, "registered");
		assert.ok(seen.error instanceof ReferenceError);
	});
});

describe("async modules (top-level await)", () => {
	/** A promise and the function that resolves it. */
	function deferred() {
		let resolve;
		const promise = new Promise((done) => {
			resolve = done;
		});
		return { promise, resolve };
	}

	it("a() evaluates in order: a sync sibling runs while the async dependency awaits", async () => {
		const ms = createModuleSystem();
		const log = [];
		const gate = deferred();
		ms.register("slow.js", function* slow_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => value}); yield; if (__nbb_require__.a([], 1)) yield;
			log.push("slow:start");
			__nbb_require__.y(yield(gate.promise));
			log.push("slow:end");
			const value = 42;
		});
		ms.register("sibling.js", function sibling_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			log.push("sibling");
		});
		ms.register("main.js", function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => __nbb_import_0__.value}); var __nbb_import_0__ = __nbb_require__.l("slow.js"), __nbb_import_1__ = __nbb_require__.l("sibling.js"); yield; if (__nbb_require__.a(["slow.js", "sibling.js"])) yield;
			log.push(`main:${__nbb_import_0__.value}`);
		});
		ms.require("main.js");
		const main = ms.cacheMap.get("main.js");
		const slow = ms.cacheMap.get("slow.js");
		assert.deepEqual(log, ["slow:start", "sibling"]);
		assert.equal(main.state, "registered");
		assert.equal(slow.state, "registered");
		assert.ok(main.promise instanceof Promise);
		assert.equal(main.loaded, false);
		gate.resolve();
		await main.promise;
		assert.deepEqual(log, ["slow:start", "sibling", "slow:end", "main:42"]);
		assert.equal(slow.state, "initialized");
		assert.equal(main.state, "initialized");
		assert.equal(main.loaded, true);
		assert.equal(ms.require("main.js").value, 42);
	});

	it("a() returns false and the body runs on when nothing it evaluated is pending", () => {
		const ms = createModuleSystem();
		let result = "not called";
		ms.register("dep.js", counted(1));
		ms.register("main.js", function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("dep.js"); yield;
			result = __nbb_require__.a(["dep.js"]);
			if (result) yield;
		});
		ms.require("main.js");
		assert.equal(result, false);
		assert.equal(ms.getModuleState("main.js"), "initialized", "evaluated synchronously, as the spec's ExecuteModule");
	});

	it("runs a finished module's waiting importers in the order they became async, each sync chain at once", async () => {
		// ECMA-262 GatherAvailableAncestors: mid.js, top.js (mid's only waiter) and sibling.js
		// run in one job when async.js finishes, in [[AsyncEvaluationOrder]], not promise order.
		const ms = createModuleSystem();
		const log = [];
		/** A module importing `deps`, logging its name when its body runs. */
		const waiter = (name, deps) =>
			function* waiter_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); yield; if (__nbb_require__.a(deps)) yield;
				log.push(name);
				Promise.resolve().then(() => log.push(`${name}: a job later`));
			};
		ms.register("async.js", function* async_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); yield; if (__nbb_require__.a([], 1)) yield;
			__nbb_require__.y(yield(null));
			log.push("async");
		});
		ms.register("mid.js", waiter("mid", ["async.js"]));
		ms.register("top.js", waiter("top", ["mid.js"]));
		ms.register("sibling.js", waiter("sibling", ["async.js"]));
		ms.register("main.js", waiter("main", ["top.js", "sibling.js"]));
		await ms.import("main.js");
		assert.deepEqual(log, ["async", "mid", "top", "sibling", "main", "mid: a job later", "top: a job later", "sibling: a job later", "main: a job later"]);
	});

	it("awaits a compiled `yield` with the ticks of a native await", async () => {
		const log = [];
		const ms = createModuleSystem();
		ms.register("main.js", function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); yield; if (__nbb_require__.a([], 1)) yield;
			const value = __nbb_require__.y(yield(Promise.resolve("v")));
			log.push(`module ${value}`);
			try {
				__nbb_require__.y(yield(Promise.reject(new Error("no"))));
			} catch (error) {
				log.push(`module caught ${error.message}`);
			}
		});
		async function native() {
			const value = await Promise.resolve("v");
			log.push(`native ${value}`);
			try {
				await Promise.reject(new Error("no"));
			} catch (error) {
				log.push(`native caught ${error.message}`);
			}
		}
		ms.require("main.js");
		await native();
		await ms.cacheMap.get("main.js").promise;
		assert.deepEqual(log, ["module v", "native v", "module caught no", "native caught no"]);
	});

	it("a rejected body fails the module, calls the error hook, and fails its importers", async () => {
		const ms = createModuleSystem();
		const errors = [];
		ms.hooks.error.tap((module, error) => errors.push([module.id, error.message]));
		ms.register("entry.js", counted(0));
		ms.require("entry.js");
		let runs = 0;
		ms.register("bad.js", function* bad_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); yield; if (__nbb_require__.a([], 1)) yield;
			runs++;
			__nbb_require__.y(yield(null));
			throw new Error("async boom");
		});
		ms.register("main.js", function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("bad.js"); yield; if (__nbb_require__.a(["bad.js"])) yield;
		});
		ms.require("main.js");
		await assert.rejects(ms.cacheMap.get("main.js").promise, { message: "async boom" });
		assert.equal(ms.getModuleState("bad.js"), "failed");
		assert.equal(ms.getModuleState("main.js"), "failed");
		assert.deepEqual(errors, [
			["bad.js", "async boom"],
			["main.js", "async boom"],
		]);
		// Failed is final: importing an already failed module throws its error, with no re-run.
		ms.register("late.js", function late_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); __nbb_require__("bad.js");
		});
		assert.throws(() => ms.require("late.js"), { message: "async boom" });
		assert.equal(runs, 1);
	});

	it("fails every module of an import cycle when one of them throws, even one that ran", async () => {
		// Evaluate(): the modules still on the stack share the error (ECMA-262 16.2.1.5.3.1 step 9).
		const ms = createModuleSystem();
		const log = [];
		ms.register("a.js", function a_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); __nbb_require__("b.js"); __nbb_require__("bad.js");
			log.push("a");
		});
		ms.register("b.js", function b_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); __nbb_require__("a.js");
			log.push("b");
		});
		ms.register("bad.js", function bad_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			throw new Error("cycle boom");
		});
		assert.throws(() => ms.require("a.js"), { message: "cycle boom" });
		assert.deepEqual(log, ["b"]);
		assert.equal(ms.getModuleState("b.js"), "failed", "b.js ran, but its cycle failed");
		await assert.rejects(ms.import("b.js"), { message: "cycle boom" });
	});

	it("does not deadlock when two async modules import each other", async () => {
		const ms = createModuleSystem();
		const log = [];
		ms.register("a.js", function* a_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"a": () => a}); var __nbb_import_0__ = __nbb_require__.l("b.js"); yield; if (__nbb_require__.a(["b.js"], 1)) yield;
			__nbb_require__.y(yield(Promise.resolve()));
			const a = "A";
			log.push(`a sees ${__nbb_import_0__.b}`);
		});
		ms.register("b.js", function* b_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"b": () => b}); var __nbb_import_0__ = __nbb_require__.l("a.js"); yield; if (__nbb_require__.a(["a.js"])) yield;
			const b = "B";
			log.push("b done");
		});
		ms.require("a.js");
		await ms.cacheMap.get("a.js").promise;
		assert.deepEqual(log, ["b done", "a sees B"]);
	});

	it("keeps native awaits in an async function* (a top-level for await)", async () => {
		const ms = createModuleSystem();
		const log = [];
		ms.register("dep.js", function* dep_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); yield; if (__nbb_require__.a([], 1)) yield;
			__nbb_require__.y(yield(null));
			log.push("dep");
		});
		ms.register("main.js", async function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("dep.js"); if (__nbb_require__.a(["dep.js"], 1)) yield;
			for await (const value of [Promise.resolve(1), 2]) log.push(`main ${value}`);
		});
		await ms.import("main.js");
		assert.deepEqual(log, ["dep", "main 1", "main 2"]);
	});
});

describe("dynamic import (__nbb_require__.i)", () => {
	it("loads an inline provided resource on first use only, and gives the same namespace", async () => {
		const ms = createModuleSystem();
		let resourceRuns = 0;
		ms.loader.provide("async-1", () => {
			resourceRuns++;
			ms.register("lazy.js", function lazy_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"lazy": () => lazy});
				const lazy = "loaded";
			});
		});
		ms.loader.addManifest({ modules: { "lazy.js": "async-1" } });
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"load": () => load});
			function load() {
				return __nbb_require__.i("lazy.js");
			}
		});
		const main = ms.require("main.js");
		assert.equal(resourceRuns, 0);
		assert.equal(ms.getModuleState("lazy.js"), "unregistered");
		assert.equal(ms.loader.getState("async-1"), "unloaded");
		const [first, second] = await Promise.all([main.load(), main.load()]);
		const third = await main.load();
		assert.equal(first, second);
		assert.equal(first, third);
		assert.equal(first.lazy, "loaded");
		assert.equal(Object.prototype.toString.call(first), "[object Module]");
		assert.equal(resourceRuns, 1);
		assert.equal(ms.loader.getState("async-1"), "loaded");
	});

	it("evaluates nothing in the job that called import(), as the engine's loading is asynchronous", async () => {
		const ms = createModuleSystem();
		const log = [];
		ms.register("lazy.js", function lazy_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			log.push("lazy runs");
		});
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"pending": () => pending});
			const pending = __nbb_require__.i("lazy.js");
			log.push("main goes on");
		});
		await ms.require("main.js").pending;
		assert.deepEqual(log, ["main goes on", "lazy runs"]);
	});

	it("waits for an async target and resolves to its finished namespace", async () => {
		const ms = createModuleSystem();
		ms.register("tla.js", function* tla_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"value": () => value}); yield; if (__nbb_require__.a([], 1)) yield;
			const value = __nbb_require__.y(yield(new Promise((resolve) => setTimeout(() => resolve("late"), 1))));
		});
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"pending": () => pending});
			const pending = __nbb_require__.i("tla.js");
		});
		const ns = await ms.require("main.js").pending;
		assert.equal(ns.value, "late");
		assert.equal(ms.getModuleState("tla.js"), "initialized");
	});

	it("rejects when the module is unknown or its init fails", async () => {
		const ms = createModuleSystem();
		ms.register("bad.js", function bad_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			throw new Error("boom");
		});
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"load": () => load});
			function load(id) {
				return __nbb_require__.i(id);
			}
		});
		const main = ms.require("main.js");
		await assert.rejects(main.load("ghost.js"), (error) => error instanceof TypeError && error.code === "MODULE_NOT_FOUND" && /"ghost\.js" is not registered/.test(error.message));
		await assert.rejects(main.load("bad.js"), { message: "boom" });
		await assert.rejects(main.load("bad.js"), { message: "boom" });
		assert.equal(ms.getModuleState("bad.js"), "failed");
	});
});

describe("dynamic import of an expression (__nbb_require__.j)", () => {
	/** A module `lib/main.js` whose `load(x)` is `import(x)`, as the compiler writes it. */
	function loader(ms) {
		ms.register("lib/main.js", function lib_main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"load": () => load});
			function load(specifier) {
				return __nbb_require__.j(specifier);
			}
		});
		return ms.require("lib/main.js");
	}

	it("resolves relative specifiers against the importer, with the compiler's extensions", async () => {
		const ms = createModuleSystem();
		for (const id of ["lib/locales/en.js", "lib/util/index.js", "shared.mjs"]) {
			ms.register(id, function (__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"id": () => id});
			});
		}
		const main = loader(ms);
		assert.equal((await main.load("./locales/en.js")).id, "lib/locales/en.js");
		assert.equal((await main.load("./locales/en")).id, "lib/locales/en.js");
		assert.equal((await main.load("./util")).id, "lib/util/index.js");
		assert.equal((await main.load("../shared")).id, "shared.mjs");
		assert.equal(await main.load("./locales/en.js"), await main.load("./locales/en"), "one namespace per module");
	});

	it("loads a module the manifest lists, and calls toString once, inside the promise", async () => {
		const ms = createModuleSystem();
		ms.loader.provide("async-1", () => ms.register("lib/lazy.js", function lib_lazy_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"lazy": () => lazy});
			const lazy = "loaded";
		}));
		ms.loader.addManifest({ modules: { "lib/lazy.js": "async-1" }, resources: { "async-1": { kind: "script", type: "async" } } });
		const main = loader(ms);
		let calls = 0;
		const specifier = { toString: () => (calls++, "./lazy.js") };
		assert.equal((await main.load(specifier)).lazy, "loaded");
		assert.equal(calls, 1);
		const throwing = { toString() { throw new RangeError("no string"); } };
		const pending = main.load(throwing);
		assert.ok(pending instanceof Promise, "a throwing toString rejects, it does not throw");
		await assert.rejects(pending, RangeError);
	});

	it("an import() the compiler could not resolve finds the module registered since", async () => {
		const ms = createModuleSystem();
		ms.register("lib/main.js", function lib_main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"later": () => later});
			const later = () => __nbb_require__.i("./later.js");
		});
		const main = ms.require("lib/main.js");
		await assert.rejects(main.later(), TypeError);
		ms.register("lib/later.js", function lib_later_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"here": () => here});
			const here = true;
		});
		assert.equal((await main.later()).here, true);
	});

	it("rejects with a TypeError for a module that is nowhere, as the engine does", async () => {
		const ms = createModuleSystem();
		const main = loader(ms);
		await assert.rejects(main.load("./nowhere.js"), (error) => {
			assert.ok(error instanceof TypeError);
			assert.equal(error.code, "MODULE_NOT_FOUND");
			assert.match(error.message, /"\.\/nowhere\.js" is not registered.*imported by "lib\/main\.js"/);
			return true;
		});
	});
});

describe("import() of an expression the bundle has no module for: the host's own import()", () => {
	/** `lib/main.js`, registered from a script at `scriptUrl`, whose `load(x)` is `import(x)`. */
	function loaderAt(ms, scriptUrl) {
		ms.register("lib/main.js", function lib_main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"load": () => load});
			function load(specifier) {
				return __nbb_require__.j(specifier);
			}
		}, scriptUrl);
		return ms.require("lib/main.js");
	}

	it("loads a path beside the importer's import.meta.url, and a built-in by name", async () => {
		const folder = mkdtempSync(join(tmpdir(), "nbbundle-host-import-"));
		mkdirSync(join(folder, "lib"));
		writeFileSync(join(folder, "lib", "computed.mjs"), "export const where = 'host';\n");
		const main = loaderAt(createModuleSystem(), pathToFileURL(join(folder, "bundle.js")).href);
		assert.equal((await main.load("./computed.mjs")).where, "host");
		assert.equal((await main.load("./" + "computed.mjs")), await main.load("./computed.mjs"), "the host's own module map");
		assert.equal(typeof (await main.load("node:path")).join, "function");
	});

	it("rejects with the host's error when the host cannot load it either", async () => {
		const folder = mkdtempSync(join(tmpdir(), "nbbundle-host-import-"));
		const main = loaderAt(createModuleSystem(), pathToFileURL(join(folder, "bundle.js")).href);
		await assert.rejects(main.load("./nowhere.mjs"), (error) => error.code === "ERR_MODULE_NOT_FOUND");
	});
});

describe("CSS modules (__nbb_require__.css)", () => {
	it("evaluate under node without a document", () => {
		const ms = createModuleSystem();
		ms.register("style.css", function style_css(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); __nbb_require__.css("style.css", "body { margin: 0 }")
		});
		assert.deepEqual(Object.keys(ms.require("style.css")), []);
		assert.equal(ms.getModuleState("style.css"), "initialized");
	});
});
