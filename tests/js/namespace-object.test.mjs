// Namespace objects against node's own: the same reflective operations (namespace-peer/probe.mjs)
// applied to a native ES module namespace and to nbbundle's, for the same exports, must give the
// same results line by line. Init functions are written in the contract form of ARCHITECTURE.md.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspect } from "node:util";

import { createModuleSystem } from "../../js/module-system.js";
import { probe } from "./namespace-peer/probe.mjs";

const NAMES = ["count", "bump", "object", "Shape", "plain", "default", "with space", "10", "9", "__proto__", "missing"];

/** nbbundle's version of namespace-peer/exports.mjs. */
function exportsModule() {
	const ms = createModuleSystem();
	ms.register("exports.js", function exports_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"10": () => count, "9": () => count, "Shape": () => Shape, ["__proto__"]: () => count, "bump": () => bump, "count": () => count, "default": () => __nbb_default__, "object": () => object, "plain": () => plain, "with space": () => count});
		let count = 0;
		function bump() {
			count++;
		}
		const object = { x: 1 };
		class Shape {}
		var plain;
		const __nbb_default__ = "dflt";
	});
	return ms.require("exports.js");
}

/** Lines that differ, as "line: native | nbbundle". */
function differences(native, ours) {
	const lines = [];
	for (let i = 0; i < Math.max(native.length, ours.length); i++) {
		if (native[i] !== ours[i]) lines.push(`${native[i]}  |  ${ours[i]}`);
	}
	return lines;
}

describe("namespace objects as node presents them", () => {
	it("answer every reflective operation like node's namespace", async () => {
		const native = await import("./namespace-peer/exports.mjs");
		const ours = exportsModule();
		const expected = probe(native, NAMES);
		assert.deepEqual(differences(expected, probe(ours, NAMES)), []);
		// The probe's writes all failed; bindings still change from inside, and every view shows it.
		native.bump();
		ours.bump();
		assert.deepEqual(differences(probe(native, NAMES), probe(ours, NAMES)), []);
		assert.equal(Object.getOwnPropertyDescriptor(ours, "count").value, 1);
		assert.equal(ours["with space"], 1);
	});

	it("throw ReferenceError for bindings in their TDZ, for reads and descriptors alike", async () => {
		const { early: expected } = await import("./namespace-peer/tdz.mjs");
		const ms = createModuleSystem();
		ms.register("probe.js", function probe_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"probe": () => probe});
		});
		ms.register("tdz.js", function tdz_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"early": () => early, "fn": () => fn, "late": () => late}); var __nbb_import_0__ = __nbb_require__.l("tdz.js"), __nbb_import_1__ = __nbb_require__.l("probe.js"); const self = __nbb_import_0__; __nbb_require__("tdz.js"); __nbb_require__("probe.js");
			const early = (0, __nbb_import_1__.probe)(self, ["early", "late", "fn", "missing"]);
			let late = 1;
			function fn() {}
		});
		const ours = ms.require("tdz.js");
		assert.ok(expected.includes("late get: throws ReferenceError"), expected.join("\n"));
		assert.deepEqual(differences(expected, ours.early), []);
	});

	it("list their keys before their module starts, with let/const/class in their TDZ", async () => {
		await import("./namespace-peer/unstarted-holder.mjs");
		const { seen: expected } = await import("./namespace-peer/unstarted-prober.mjs");
		const ms = createModuleSystem();
		ms.register("probe.js", function probe_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"probe": () => probe});
		});
		// As rendered: the holder links unstarted.js, with its export names, and runs the prober first.
		ms.register("holder.js", function holder_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"unstarted": () => __nbb_namespace_1__}); var __nbb_import_0__ = __nbb_require__.b("prober.js"), __nbb_import_1__ = __nbb_require__.b("unstarted.js"), __nbb_namespace_1__ = __nbb_require__.l("unstarted.js", ["Shape", "default", "fn", "late", "plain"], ["Shape", "default", "late"]); __nbb_require__("prober.js"); __nbb_require__("unstarted.js");
		});
		ms.register("prober.js", function prober_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"seen": () => seen}); var __nbb_import_0__ = __nbb_require__.b("holder.js"), __nbb_import_1__ = __nbb_require__.b("probe.js"); __nbb_require__("holder.js"); __nbb_require__("probe.js");
			const seen = (0, __nbb_import_1__.probe)(__nbb_import_0__.unstarted, ["late", "Shape", "plain", "default", "missing"]);
		});
		ms.register("unstarted.js", function unstarted_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"Shape": () => Shape, "default": () => __nbb_default__, "fn": () => fn, "late": () => late, "plain": () => plain});
			let late = 1;
			class Shape {}
			var plain = 2;
			function fn() {}
			const __nbb_default__ = late + 1;
		});
		const { unstarted } = ms.require("holder.js");
		const ours = ms.require("prober.js").seen;
		assert.ok(expected.includes("keys: throws ReferenceError"), expected.join("\n"));
		assert.ok(expected.some((line) => line.startsWith('ownKeys: ["Shape", "default", "fn"')), expected.join("\n"));
		assert.deepEqual(differences(expected, ours), []);
		// Once it ran, the module's own getters replace the stand-ins.
		assert.deepEqual(Object.entries(unstarted), [["Shape", unstarted.Shape], ["default", 2], ["fn", unstarted.fn], ["late", 1], ["plain", 2]]);
		assert.equal(typeof unstarted.fn, "function");
	});

	it("show current values to inspectors that bypass Proxy traps (util.inspect)", () => {
		const ours = exportsModule();
		assert.match(inspect(ours), /count: 0/);
		assert.match(inspect(ours), /object: \{ x: 1 \}/);
		ours.bump();
		Object.getOwnPropertyDescriptor(ours, "count"); // a reflective read refreshes what inspectors see
		assert.match(inspect(ours), /count: 1/);
	});
});

describe("import.meta", () => {
	function metaOf(id, url) {
		const ms = createModuleSystem();
		let meta;
		ms.register(id, function meta_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {});
			meta = __nbb_module__.meta;
		}, url);
		ms.require(id);
		return meta;
	}

	it("has url and resolve, as node's (plus node's own dirname and filename)", () => {
		const meta = metaOf("src/app.js", "file:///project/dist/bundle.js");
		assert.equal(Object.getPrototypeOf(meta), null);
		assert.deepEqual(Object.keys(meta), ["resolve", "url"]);
		assert.equal(meta.url, "file:///project/dist/src/app.js");
		assert.equal(meta.resolve.length, 1);
		assert.deepEqual(Object.getOwnPropertyDescriptor(meta, "url"), { value: meta.url, writable: true, enumerable: true, configurable: true });
		for (const key of ["resolve", "url"]) assert.ok(Object.keys(import.meta).includes(key), key);
	});

	it("resolves relative and absolute specifiers and URLs against the module's URL, like node", () => {
		// A bundled module at this test file's own URL, so node's import.meta.resolve is the reference.
		const here = new URL(import.meta.url);
		const id = here.pathname.split("/").pop();
		const meta = metaOf(id, new URL("bundle.js", here).href);
		assert.equal(meta.url, import.meta.url);
		for (const specifier of ["./dep.js", "../up.js", "./a b.js", "/abs.js", "https://example.com/x.js", "data:text/javascript,1", "./x", "./dir/../y.js?q#h"]) {
			assert.equal(meta.resolve(specifier), import.meta.resolve(specifier), specifier);
		}
	});

	it("throws a TypeError for a bare specifier, which only the build could resolve", () => {
		const meta = metaOf("src/app.js", "https://example.com/bundle.js");
		assert.throws(() => meta.resolve("lit"), (error) => error instanceof TypeError && /"lit"/.test(error.message));
	});

	it("resolves as paths when no resource URL is known (a bare id as import.meta.url)", () => {
		const meta = metaOf("src/app.js", undefined);
		assert.equal(meta.url, "src/app.js");
		assert.equal(meta.resolve("./dep.js"), "src/dep.js");
		assert.equal(meta.resolve("../lib/x.js"), "lib/x.js");
	});
});
