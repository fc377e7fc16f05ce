// Seed 004's own examples (Farm's runtime module management RFC), run against the module system
// as the RFC writes them: init functions registered by hand write `exports` (or replace
// `module.exports`), resources register themselves through the acquisition function, and a
// module that failed stays failed. The compiler's own init form is tested in
// module-system.test.mjs and esm-interop.test.mjs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import vm from "node:vm";

import { createModuleSystem, installModuleSystem } from "../../js/module-system.js";

/** A fresh global object with a module system installed under the RFC's default name. */
function rfcGlobal() {
	const global = vm.createContext({});
	installModuleSystem(global);
	return global;
}

describe("init functions written by hand (the RFC's form)", () => {
	it("the issue's example: exports.v = 42 is what require returns", () => {
		const global = rfcGlobal();
		vm.runInContext(`
			const ms = globalThis.__acquire_farm_module_system__();
			ms.register("virtual:x", function (module, exports) { exports.v = 42; });
			globalThis.v = ms.require("virtual:x").v;
		`, global);
		assert.equal(global.v, 42);
	});

	it("'Module initialization function': exports.foo = 1, in strict code too", () => {
		const ms = createModuleSystem();
		ms.register("foo.js", function (module, exports, __farm_require__) {
			"use strict";
			exports.foo = 1;
		});
		const exports = ms.require("foo.js");
		assert.equal(exports.foo, 1);
		assert.deepEqual(Object.keys(exports), ["foo"], "the exports object as written, nothing added");
		assert.equal(ms.cacheMap.get("foo.js").exports, exports, "module.exports is exports");
		assert.equal(ms.getModuleState("foo.js"), "initialized");
	});

	it("'Resource kind': a script resource registers its modules through the acquisition function", () => {
		const global = rfcGlobal();
		vm.runInContext(`
			(function (modules, url) {
				Object.keys(modules).forEach(function (id) {
					__acquire_farm_module_system__().register(id, modules[id]);
				});
			})({
				'foo.js': function (module, exports, __farm_require__) {
					exports.foo = 1;
				},
				'bar.js': function (module, exports, __farm_require__) {
					exports.bar = 2;
				}
			}, "https://example.com/resource.js");
		`, global);
		const ms = global.__acquire_farm_module_system__();
		assert.equal(ms.require("foo.js").foo, 1);
		assert.equal(ms.require("bar.js").bar, 2);
	});

	it("'Example': a module reads another's exports through __farm_require__", () => {
		const ms = createModuleSystem();
		const log = [];
		ms.g("module_a.js", function (module, exports) {
			exports.a = "a";
		});
		ms.g("module_b.js", function (module, exports) {
			exports.b = "b";
		});
		ms.g("main.js", function (module, exports, __farm_require__) {
			const { a } = __farm_require__("module_a.js");
			const { b } = __farm_require__("module_b.js");
			log.push(a, b);
		});
		ms.r("main.js");
		assert.deepEqual(log, ["a", "b"]);
	});

	it("a plugin's initialize hook may give module.exports first: the init writes that object", () => {
		const ms = createModuleSystem();
		const given = { fromPlugin: true };
		ms.hooks.initialize.tap((module) => {
			if (module.id === "virtual:p") module.exports = given;
			return module;
		});
		ms.register("virtual:p", function (module, exports) {
			exports.v = 1;
		});
		const exports = ms.require("virtual:p");
		assert.equal(exports, given);
		assert.deepEqual({ ...exports }, { fromPlugin: true, v: 1 });
	});

	it("module.exports replaced by the init is what require returns", () => {
		const ms = createModuleSystem();
		ms.register("virtual:fn", function (module) {
			module.exports = function answer() {
				return 42;
			};
		});
		assert.equal(ms.require("virtual:fn")(), 42);
	});

	it("a Babel-style __esModule flag defined on exports works", () => {
		const ms = createModuleSystem();
		ms.register("virtual:babel", function (module, exports) {
			"use strict";
			Object.defineProperty(exports, "__esModule", { value: true });
			exports.default = "dflt";
			exports.named = "n";
		});
		const exports = ms.require("virtual:babel");
		assert.equal(exports.__esModule, true);
		assert.equal(exports.default, "dflt");
		assert.equal(exports.named, "n");
	});

	it("compiled importers see a hand-registered module as CommonJS: default is its exports", async () => {
		const ms = createModuleSystem();
		ms.register("virtual:x", function (module, exports) {
			exports.v = 42;
		});
		// The compiler's ES form: `import d, { v } from "virtual:x"; import * as ns from "virtual:x"`.
		let seen;
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("virtual:x"), __nbb_namespace_0__ = __nbb_require__.l("virtual:x", ["default", "v"]); __nbb_require__("virtual:x");
			seen = { v: __nbb_import_0__.v, d: __nbb_import_0__.default, keys: Object.keys(__nbb_namespace_0__), tag: __nbb_namespace_0__[Symbol.toStringTag] };
		});
		// The compiler's CommonJS form: `module.exports = require("virtual:x")`.
		ms.register("lib.cjs", function lib_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			module.exports = require("virtual:x");
		}, []);});
		ms.require("main.js");
		const handWritten = ms.require("virtual:x");
		assert.deepEqual(seen, { v: 42, d: handWritten, keys: ["default", "v"], tag: "Module" });
		assert.equal(ms.require("lib.cjs").default, handWritten, "a CommonJS require gets the exports object itself");
		const namespace = await ms.import("virtual:x");
		assert.equal(namespace.default, handWritten, "import() gives the namespace");
		assert.equal(namespace.v, 42);
	});
});

describe("'Top-level await export': an async init function registered by hand", () => {
	it("is an async module: import() resolves once its exports are written", async () => {
		const ms = createModuleSystem();
		ms.register("bar.async.js", async function (module, exports, __farm_require__) {
			exports.bar = await Promise.resolve({ code: 0, message: "Hello from bar!" });
		});
		const exports = ms.require("bar.async.js");
		assert.deepEqual(Object.keys(exports), [], "written when the await resumes");
		assert.equal(ms.getModuleState("bar.async.js"), "registered");
		const namespace = await ms.import("bar.async.js");
		assert.deepEqual(namespace.bar, { code: 0, message: "Hello from bar!" });
		assert.equal(exports.bar, namespace.bar, "require gave the exports object it wrote");
		assert.equal(ms.getModuleState("bar.async.js"), "initialized");
	});

	it("a rejection fails it for good", async () => {
		const ms = createModuleSystem();
		let calls = 0;
		ms.register("bad.async.js", async function () {
			calls++;
			await null;
			throw new Error("late boom");
		});
		let first;
		await assert.rejects(ms.import("bad.async.js"), (error) => {
			first = error;
			return error.message === "late boom";
		});
		assert.equal(ms.getModuleState("bad.async.js"), "failed");
		assert.throws(() => ms.require("bad.async.js"), (error) => error === first);
		await assert.rejects(ms.import("bad.async.js"), (error) => error === first);
		assert.equal(calls, 1);
	});
});

describe("the failed state is final (RFC 'Module states')", () => {
	it("the issue's example: a second require rethrows the same error, the init ran once", () => {
		const global = rfcGlobal();
		vm.runInContext(`
			const ms = globalThis.__acquire_farm_module_system__();
			ms.register("virtual:x", function (module, exports) { exports.v = 42; });
			ms.require("virtual:x");
			var calls = 0;
			ms.g("virtual:bad", function () { calls++; throw new Error("boom"); });
			var errors = [];
			for (var i = 0; i < 2; i++) {
				try { ms.require("virtual:bad"); errors.push(null); } catch (error) { errors.push(error); }
			}
			globalThis.result = { calls: calls, errors: errors, state: ms.getModuleState("virtual:bad") };
		`, global);
		const { calls, errors, state } = global.result;
		assert.equal(calls, 1);
		assert.equal(errors[0]?.message, "boom");
		assert.equal(errors[1], errors[0], "the same error object");
		assert.equal(state, "failed");
	});

	it("stays failed when the importer that required it caught the error", async () => {
		const ms = createModuleSystem();
		let calls = 0;
		const errors = [];
		ms.g("virtual:bad", function () {
			calls++;
			throw new Error("boom");
		});
		ms.g("virtual:a", function (module, exports, require) {
			for (let i = 0; i < 2; i++) {
				try {
					require("virtual:bad");
					errors.push(null);
				} catch (error) {
					errors.push(error);
				}
			}
		});
		ms.require("virtual:a");
		assert.equal(ms.getModuleState("virtual:a"), "initialized", "the importer that caught it is fine");
		assert.equal(ms.getModuleState("virtual:bad"), "failed");
		assert.equal(errors.length, 2);
		assert.equal(errors[0]?.message, "boom");
		assert.equal(errors[1], errors[0]);
		assert.throws(() => ms.require("virtual:bad"), (error) => error === errors[0]);
		await assert.rejects(ms.import("virtual:bad"), (error) => error === errors[0]);
		assert.equal(calls, 1);
		assert.equal(ms.cacheMap.get("virtual:bad").error, errors[0]);
	});

	it("a CommonJS module that catches a failed require gets the same error again", () => {
		const ms = createModuleSystem();
		let calls = 0;
		ms.register("bad.cjs", function bad_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			calls++;
			throw new TypeError("bad");
		}, []);});
		ms.register("main.cjs", function main_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			const seen = [];
			for (let i = 0; i < 2; i++) {
				try {
					require("bad.cjs");
				} catch (error) {
					seen.push(error);
				}
			}
			module.exports = seen;
		}, []);});
		const [first, second] = ms.require("main.cjs").default;
		assert.ok(first instanceof TypeError);
		assert.equal(second, first);
		assert.equal(calls, 1);
	});

	it("the error hook hears about a caught failure once", () => {
		const ms = createModuleSystem();
		const heard = [];
		ms.hooks.error.tap((module, error) => heard.push([module.id, error.message]));
		ms.g("virtual:bad", function () {
			throw new Error("boom");
		});
		ms.g("virtual:a", function (module, exports, require) {
			try {
				require("virtual:bad");
			} catch {
				// handled
			}
		});
		ms.require("virtual:a");
		assert.deepEqual(heard, [["virtual:bad", "boom"]]);
	});
});
