// Instantiation (js/instantiation.js): every compiled module of a graph runs to its
// instantiation `yield` before any module of it evaluates. Init functions are written by hand in
// the contract form of ARCHITECTURE.md.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createModuleSystem } from "../../js/module-system.js";
import { instantiatesEarly } from "../../js/instantiation.js";

/**
 * The fixture of issue 21 (tests/fixtures/cycle-hoisted-function-before-evaluation), compiled:
 * m3 reads m2's `f` through m1's re-export while m1 is still importing, before m2 runs.
 */
function registerCycle(ms, log) {
	ms.register("m1.js", function* m1_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"g": () => __nbb_import_1__.f}); var __nbb_import_0__ = __nbb_require__.b("m3.js"), __nbb_import_1__ = __nbb_require__.b("m2.js"); yield; __nbb_require__("m3.js"); __nbb_require__("m2.js");
		log.push("m1 runs");
	});
	ms.register("m2.js", function* m2_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"f": () => f, "later": () => later}); yield;
		log.push("m2 runs");
		function f() { return "f called"; }
		let later = 1;
	});
	ms.register("m3.js", function* m3_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("m1.js"); yield; __nbb_require__("m1.js");
		log.push(`m3 sees ${typeof __nbb_import_0__.g}`, (0, __nbb_import_0__.g)());
	});
}

describe("instantiation", () => {
	it("hoisted functions of a module that has not run are exported through a cycle", () => {
		const ms = createModuleSystem();
		const log = [];
		registerCycle(ms, log);
		ms.require("m1.js");
		assert.deepEqual(log, ["m3 sees function", "f called", "m2 runs", "m1 runs"]);
	});

	it("defines every export of the graph before the entry runs, with its let in its TDZ", () => {
		const ms = createModuleSystem();
		const seen = [];
		ms.register("main.js", function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_namespace_0__ = __nbb_require__.l("lib.js"); yield;
			seen.push(Reflect.ownKeys(__nbb_namespace_0__).filter((key) => typeof key === "string"));
			try {
				seen.push(__nbb_namespace_0__.later);
			} catch (error) {
				seen.push(error.constructor.name);
			}
			seen.push(__nbb_namespace_0__.f());
			__nbb_require__("lib.js");
			seen.push(__nbb_namespace_0__.later);
		});
		ms.register("lib.js", function* lib_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"f": () => f, "later": () => later}); yield;
			function f() { return "f"; }
			let later = 2;
		});
		ms.require("main.js");
		assert.deepEqual(seen, [["f", "later"], "ReferenceError", "f", 2]);
	});

	it("leaves plain inits (registered by hand, CommonJS) and async function* ones to their evaluation", async () => {
		const ms = createModuleSystem();
		const log = [];
		ms.register("main.js", function* main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("plain.js"), __nbb_import_1__ = __nbb_require__.b("native.js"); yield;
			log.push(`main sees ${typeof __nbb_import_0__.v}`);
			if (__nbb_require__.a(["plain.js", "native.js"])) yield;
			log.push("main runs");
		});
		ms.register("plain.js", function (module, exports) {
			log.push("plain runs");
			exports.v = 1;
		});
		ms.register("native.js", async function* native_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); log.push("native starts"); if (__nbb_require__.a([], 1)) yield;
			for await (const value of [1]) log.push(`native ${value}`);
		});
		await ms.import("main.js");
		assert.deepEqual(log, ["main sees undefined", "plain runs", "native starts", "native 1", "main runs"]);
		assert.equal(instantiatesEarly(function* () {}), true);
		assert.equal(instantiatesEarly(async function* () {}), false);
		assert.equal(instantiatesEarly(function () {}), false);
	});

	it("runs the initialize hook when a module is instantiated, once", () => {
		const ms = createModuleSystem();
		const log = [];
		ms.hooks.initialize.tap((module) => {
			log.push(`initialize ${module.id}`);
			return module;
		});
		registerCycle(ms, log);
		ms.require("m1.js");
		assert.deepEqual(log.slice(0, 3), ["initialize m1.js", "initialize m3.js", "initialize m2.js"]);
		assert.equal(log.filter((entry) => entry.startsWith("initialize")).length, 3);
	});

	it("instantiates again after deleteCache (a hot update), with the new init", () => {
		const ms = createModuleSystem();
		const log = [];
		registerCycle(ms, log);
		ms.require("m1.js");
		ms.update("m2.js", function* m2_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"f": () => f}); yield;
			log.push("m2 v2 runs");
			function f() { return "f v2"; }
		});
		for (const id of ["m1.js", "m2.js", "m3.js"]) ms.deleteCache(id);
		log.length = 0;
		ms.require("m1.js");
		assert.deepEqual(log, ["m3 sees function", "f v2", "m2 v2 runs", "m1 runs"]);
	});

	it("refuses a generator that evaluates its imports before its instantiation yield", () => {
		const ms = createModuleSystem();
		ms.register("dep.js", function* dep_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); yield;
		});
		ms.register("old.js", function* old_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.l("dep.js"); if (__nbb_require__.a(["dep.js"])) yield;
		});
		assert.throws(() => ms.require("old.js"), /evaluates its imports before its instantiation yield/);
	});
});
