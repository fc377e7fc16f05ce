// Namespace objects and CommonJS interop. The init functions are written by hand in the
// contract form of ARCHITECTURE.md, as the compiler would emit them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { bindingsOf, createNamespace, defineNamespace, reexportDynamic } from "../../js/esm-interop.js";
import { createModuleSystem } from "../../js/module-system.js";

describe("defineNamespace (__nbb_require__.d)", () => {
	function namespaceOf(getters) {
		const exports = createNamespace();
		defineNamespace(exports, getters);
		return exports;
	}

	it("behaves like a module namespace: null prototype, toStringTag, sorted keys, sealed", () => {
		const ns = namespaceOf({ b: () => 2, a: () => 1, B: () => 3, _: () => 4, default: () => 5 });
		assert.equal(Object.getPrototypeOf(ns), null);
		// Code-unit order, as Array.prototype.sort: uppercase before "_" before lowercase.
		assert.deepEqual(Object.keys(ns), ["B", "_", "a", "b", "default"]);
		assert.equal(Object.prototype.toString.call(ns), "[object Module]");
		assert.deepEqual(Object.getOwnPropertyDescriptor(ns, Symbol.toStringTag), {
			value: "Module",
			writable: false,
			enumerable: false,
			configurable: false,
		});
		assert.equal(Object.isExtensible(ns), false);
		assert.deepEqual(Object.getOwnPropertyDescriptor(ns, "a"), { value: 1, writable: true, enumerable: true, configurable: false });
	});

	it("throws TypeError on writes, additions and deletions (strict code)", () => {
		const ns = namespaceOf({ x: () => 1 });
		assert.throws(() => {
			ns.x = 2;
		}, TypeError);
		assert.throws(() => {
			ns.y = 2;
		}, TypeError);
		assert.throws(() => {
			delete ns.x;
		}, TypeError);
		assert.throws(() => Object.defineProperty(ns, "x", { value: 3 }), TypeError);
		Object.defineProperty(ns, "x", { value: 1 }); // SameValue: succeeds and changes nothing
		assert.equal(ns.x, 1);
	});

	it("reads live bindings, and a binding in its TDZ throws ReferenceError through the getter", () => {
		const ms = createModuleSystem();
		let seenEarly;
		ms.register("counter.js", function counter_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"count": () => count, "increment": () => increment, "late": () => late});
			try {
				seenEarly = __nbb_module__.exports.late;
			} catch (error) {
				seenEarly = error;
			}
			let count = 0;
			function increment() {
				count++;
			}
			const late = "ready";
		});
		const ns = ms.require("counter.js");
		assert.ok(seenEarly instanceof ReferenceError, `expected a ReferenceError, got ${seenEarly}`);
		assert.equal(ns.late, "ready");
		assert.equal(ns.count, 0);
		ns.increment();
		assert.equal(ns.count, 1);
	});

	it("rejects an object it did not make, so a contract mismatch is loud", () => {
		assert.throws(() => defineNamespace(Object.create(null), {}), TypeError);
	});

	it("marks the module as an ES module", () => {
		const ms = createModuleSystem();
		ms.register("esm.js", function esm_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
		});
		ms.require("esm.js");
		assert.equal(ms.cacheMap.get("esm.js").esm, true);
	});
});

describe("bindings objects (__nbb_require__.b)", () => {
	it("read the same live bindings as the namespace, without being it", () => {
		const ms = createModuleSystem();
		const seen = {};
		ms.register("dep.js", function dep_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"count": () => count, "bump": () => bump, "late": () => late}); var __nbb_import_0__ = __nbb_require__.b("main.js"); __nbb_require__("main.js");
			let count = 0;
			function bump() {
				count++;
			}
			const late = "ready";
		});
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {}); var __nbb_import_0__ = __nbb_require__.b("dep.js"), __nbb_namespace_0__ = __nbb_require__.l("dep.js"); __nbb_require__("dep.js");
			seen.bindings = __nbb_import_0__;
			seen.namespace = __nbb_namespace_0__;
			(0, __nbb_import_0__.bump)();
			seen.count = __nbb_import_0__.count;
		});
		ms.require("main.js");
		const { bindings, namespace } = seen;
		assert.notEqual(bindings, namespace);
		assert.equal(namespace, ms.cacheMap.get("dep.js").exports);
		assert.equal(seen.count, 1);
		namespace.bump();
		assert.equal(bindings.count, 2, "live");
		assert.equal(bindings.late, "ready");
		// Names the module does not export read as undefined, as on a namespace: nothing inherited.
		for (const name of ["missing", "toString", "constructor", "__proto__", "hasOwnProperty"]) {
			assert.equal(bindings[name], undefined, name);
		}
	});

	it("throw the binding's ReferenceError in its TDZ, and TypeError on writes in strict code", () => {
		const ms = createModuleSystem();
		let early;
		ms.register("tdz.js", function tdz_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"late": () => late}); var __nbb_import_0__ = __nbb_require__.b("tdz.js"); __nbb_require__("tdz.js");
			try {
				early = __nbb_import_0__.late;
			} catch (error) {
				early = error;
			}
			let late = 1;
			try {
				__nbb_import_0__.late = 2;
			} catch (error) {
				early = [early, error];
			}
		});
		ms.require("tdz.js");
		assert.ok(early[0] instanceof ReferenceError, String(early[0]));
		assert.ok(early[1] instanceof TypeError, String(early[1]));
	});
});

describe("a namespace before its module starts", () => {
	it("throws for the lexical names an importer's re-exports read, until the exports are defined", () => {
		const exports = createNamespace();
		// What `b("m3.js", ["value"])` gives a re-export's getter (`() => __nbb_import_1__.value`) in a cycle.
		const bindings = bindingsOf(exports, ["value"]);
		assert.throws(() => bindings.value, { name: "ReferenceError", message: "Cannot access 'value' before initialization" });
		assert.equal(bindings.other, undefined, "a var, a function or a CommonJS name: undefined, as before");
		defineNamespace(exports, { value: () => 1 });
		assert.equal(bindings.value, 1);
		assert.equal(bindingsOf(exports, ["late"]).late, undefined, "no guard once it started");
	});

	it("is a Module from the start, its names unknown: then and toJSON read undefined", () => {
		const exports = createNamespace();
		assert.equal(exports.then, undefined);
		assert.equal(Object.prototype.toString.call(exports), "[object Module]");
		assert.deepEqual(Reflect.ownKeys(exports), [Symbol.toStringTag]);
	});
});

describe("reexportDynamic (__nbb_require__.s)", () => {
	it("adds the missing names of each namespace except default, sorted, then seals", () => {
		const exports = createNamespace();
		defineNamespace(exports, { own: () => "mine", m: () => "m" }, true);
		assert.equal(Object.isExtensible(exports), true);
		const first = { z: 26, own: "theirs", default: "dropped", a: 1 };
		const second = { a: "second loses", b: 2 };
		reexportDynamic(exports, [first, second]);
		assert.deepEqual(Object.keys(exports), ["a", "b", "m", "own", "z"]);
		assert.equal(exports.own, "mine");
		assert.equal(exports.a, 1);
		assert.equal(exports.default, undefined);
		first.z = 27;
		assert.equal(exports.z, 27, "re-exported names are live");
		assert.equal(bindingsOf(exports).z, 27, "and readable by compiled code too");
		assert.equal(bindingsOf(exports).own, "mine");
		assert.equal(Object.isExtensible(exports), false);
		for (const key of Object.keys(exports)) {
			assert.equal(Object.getOwnPropertyDescriptor(exports, key).configurable, false, key);
		}
		assert.equal(Object.prototype.toString.call(exports), "[object Module]");
	});

});

describe("CommonJS (__nbb_require__.c)", () => {
	it("gives ES importers Node's namespace: default is module.exports, plus named keys", () => {
		const ms = createModuleSystem();
		let thisValue;
		let moduleExports;
		ms.register("lib.cjs", function lib_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			thisValue = this;
			moduleExports = module.exports;
			exports.answer = 42;
			exports.hello = function hello() {
				return "hi";
			};
		}, ["answer", "hello"]);});
		const ns = ms.require("lib.cjs");
		assert.equal(thisValue, moduleExports, "this === module.exports");
		assert.equal(ns.default, moduleExports);
		assert.deepEqual(Object.keys(ns), ["answer", "default", "hello"]);
		assert.equal(ns.answer, 42);
		assert.equal(ns.hello(), "hi");
		assert.equal(Object.prototype.toString.call(ns), "[object Module]");
		assert.equal(Object.isExtensible(ns), false);
		assert.equal(ms.cacheMap.get("lib.cjs").esm, false);
		assert.equal(ms.cacheMap.get("lib.cjs").cjs.loaded, true);
	});

	it("follows module.exports reassignment, including functions and primitives", () => {
		const ms = createModuleSystem();
		ms.register("fn.cjs", function fn_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			exports.lost = true;
			module.exports = function greet() {
				return "hello";
			};
			module.exports.version = 2;
		}, ["lost", "version"]);});
		ms.register("number.cjs", function number_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			module.exports = 7;
		}, []);});
		const fn = ms.require("fn.cjs");
		assert.equal(fn.default(), "hello");
		// The lexer finds both names; `lost` is no own property of the final module.exports.
		assert.deepEqual(Object.keys(fn), ["default", "lost", "version"]);
		assert.equal(fn.version, 2);
		assert.equal(fn.lost, undefined);
		const number = ms.require("number.cjs");
		assert.deepEqual(Object.keys(number), ["default"]);
		assert.equal(number.default, 7);
	});

	it("named exports are a snapshot taken when the code ran, as Node's are", () => {
		const ms = createModuleSystem();
		ms.register("live.cjs", function live_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			exports.count = 0;
			exports.increment = () => {
				exports.count++;
			};
		}, ["count", "increment"]);});
		const ns = ms.require("live.cjs");
		ns.increment();
		assert.equal(ns.count, 0);
		assert.equal(ns.default.count, 1, "module.exports itself changed");
	});

	it("re-exports a CommonJS module's names statically (export * from './lib.cjs')", () => {
		const ms = createModuleSystem();
		ms.register("lib.cjs", function lib_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			exports.zeta = 1;
			exports.alpha = 2;
			exports.default = "ignored";
		}, ["alpha", "zeta"]);});
		ms.register("main.js", function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"alpha": () => __nbb_import_0__.alpha, "own": () => own, "zeta": () => __nbb_import_0__.zeta}); var __nbb_import_0__ = __nbb_require__.l("lib.cjs"); __nbb_require__("lib.cjs");
			const own = 3;
		});
		const ns = ms.require("main.js");
		assert.deepEqual(Object.keys(ns), ["alpha", "own", "zeta"]);
		assert.deepEqual({ ...ns }, { alpha: 2, own: 3, zeta: 1 });
		assert.equal(Object.isExtensible(ns), false);
	});

	it("its require returns module.exports of CommonJS targets and the namespace of ES targets", () => {
		const ms = createModuleSystem();
		let fromCjs;
		let fromEsm;
		ms.register("dep.cjs", function dep_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			exports.kind = "cjs";
		});});
		ms.register("dep.js", function dep_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"kind": () => kind});
			const kind = "esm";
		});
		ms.register("main.cjs", function main_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			fromCjs = require("dep.cjs");
			fromEsm = require("dep.js");
		});});
		ms.require("main.cjs");
		assert.equal(fromCjs, ms.cacheMap.get("dep.cjs").cjs.exports);
		assert.notEqual(fromCjs, ms.require("dep.cjs"), "not the interop namespace");
		assert.equal(Object.getPrototypeOf(fromCjs), Object.prototype);
		assert.equal(fromEsm, ms.require("dep.js"));
		assert.equal(Object.prototype.toString.call(fromEsm), "[object Module]");
		assert.equal(fromEsm.kind, "esm");
	});

	it("returns the partial module.exports inside a require cycle", () => {
		const ms = createModuleSystem();
		ms.register("a.cjs", function a_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			exports.early = 1;
			const b = require("b.cjs");
			exports.late = 2;
			exports.fromB = b;
		}, ["early", "fromB", "late"]);});
		ms.register("b.cjs", function b_cjs(__nbb_module__, __nbb_exports__, __nbb_require__) {__nbb_require__.c(function (module, exports, require) {
			const a = require("a.cjs");
			exports.a = a;
			exports.sawEarly = a.early;
			exports.sawLate = a.late;
		}, ["a", "sawEarly", "sawLate"]);});
		const a = ms.require("a.cjs");
		assert.equal(a.fromB.sawEarly, 1);
		assert.equal(a.fromB.sawLate, undefined);
		assert.equal(a.fromB.a, a.default, "the same object, completed later");
		assert.equal(a.fromB.a.late, 2);
	});
});
