// The classic-script prelude made by nbbundle/runtime_prelude.py, run the two ways a bundle
// runs: in a fresh global (vm context, as a browser <script> would) and as `node file.js`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PYTHON = process.env.NBB_PYTHON || "python3";

/** @returns {{ prelude: string } | { skip: string }} */
function buildPrelude() {
	const result = spawnSync(
		PYTHON,
		["-c", "from nbbundle.bundle.runtime_prelude import runtime_prelude; print(runtime_prelude(), end='')"],
		{ cwd: REPO_ROOT, encoding: "utf8" },
	);
	if (result.error) return { skip: `cannot run ${PYTHON} (${result.error.message}); set NBB_PYTHON` };
	if (result.status !== 0) {
		const reason = result.stderr.trim().split("\n").at(-1);
		if (/ModuleNotFoundError|ImportError|SyntaxError/.test(reason)) {
			return { skip: `${PYTHON} cannot import nbbundle.bundle.runtime_prelude (${reason}); set NBB_PYTHON to the venv python` };
		}
		assert.fail(`runtime_prelude() failed:\n${result.stderr}`);
	}
	return { prelude: result.stdout };
}

const built = buildPrelude();
const skip = "skip" in built ? built.skip : false;
const prelude = "prelude" in built ? built.prelude : "";

/** A script resource in the RFC's registration form, with init functions in the contract form. */
const RESOURCE = String.raw`(function (modules, url) {
  var ms = globalThis[globalThis.__farm_module_system_acquisition_name__ || "__acquire_farm_module_system__"]();
  Object.keys(modules).forEach(function (id) { ms.register(id, modules[id], url); });
})({
  "main.js": function main_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"answer": () => answer, "url": () => url}); var __nbb_import_0__ = __nbb_require__.l("dep.js"); __nbb_require__("dep.js");
    const answer = (0, __nbb_import_0__.double)(21);
    const url = __nbb_module__.meta.url;
  },
  "dep.js": function dep_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, {"double": () => double});
    function double(n) { return n * 2; }
  }
}, "https://example.com/app/bundle.js");
`;

describe("runtime prelude", { skip }, () => {
	it("is one strict IIFE with no module syntax left", () => {
		assert.ok(prelude.startsWith('(function () {\n"use strict";\n'));
		assert.ok(prelude.trimEnd().endsWith("})();"));
		assert.doesNotMatch(prelude, /^\s*(import|export)\s/m);
		assert.doesNotThrow(() => new vm.Script(prelude, { filename: "nbbundle-runtime.js" }));
	});

	it("installs the module system in a fresh global and runs a registered module", () => {
		const context = vm.createContext({});
		vm.runInContext(prelude, context);
		assert.equal(vm.runInContext("typeof globalThis.__acquire_farm_module_system__", context), "function");
		vm.runInContext(RESOURCE, context);
		const result = vm.runInContext(
			`var ms = globalThis.__acquire_farm_module_system__();
			var ns = ms.require("main.js");
			({ answer: ns.answer, same: ms === globalThis.__acquire_farm_module_system__(), state: ms.getModuleState("main.js"), tag: Object.prototype.toString.call(ns) })`,
			context,
		);
		assert.deepEqual({ ...result }, { answer: 42, same: true, state: "initialized", tag: "[object Module]" });
	});

	it("honours __farm_module_system_acquisition_name__", () => {
		const context = vm.createContext({ __farm_module_system_acquisition_name__: "acquireMyView" });
		vm.runInContext(prelude, context);
		vm.runInContext(RESOURCE, context);
		assert.equal(vm.runInContext("typeof __acquire_farm_module_system__", context), "undefined");
		assert.equal(vm.runInContext('acquireMyView().require("main.js").answer', context), 42);
	});

	it("runs as a classic script under node (the CLI bundle's shape)", (t) => {
		const directory = mkdtempSync(join(tmpdir(), "nbbundle-prelude-"));
		t.after(() => rmSync(directory, { recursive: true, force: true }));
		const file = join(directory, "bundle.js");
		const bootstrap = `var ns = globalThis.__acquire_farm_module_system__().require("main.js");\nconsole.log(JSON.stringify({ answer: ns.answer, url: ns.url }));\n`;
		writeFileSync(file, `${prelude}\n${RESOURCE}\n${bootstrap}`);
		const result = spawnSync(process.execPath, [file], { encoding: "utf8" });
		assert.equal(result.stderr, "");
		assert.equal(result.status, 0);
		assert.deepEqual(JSON.parse(result.stdout), { answer: 42, url: "https://example.com/app/main.js" });
	});
});
