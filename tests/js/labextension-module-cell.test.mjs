// The JupyterLab extension's rules that need no editor: which first lines make a `%%module`
// cell of which language, and where the kernel's diagnostics land in the cell's text.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
	DIAGNOSTICS_MIME,
	diagnosticsFromOutputs,
	editorMarks,
	moduleMagicOf,
	readModuleMagic,
} from "../../labextension/src/module-cell.js";

describe("readModuleMagic", () => {
	it("picks the body language from the module's extension", () => {
		assert.equal(readModuleMagic("%%module app.js")?.language, "javascript");
		assert.equal(readModuleMagic("%%module lib/util.mjs")?.language, "javascript");
		assert.equal(readModuleMagic("%%module style.css")?.language, "css");
		assert.equal(readModuleMagic("%%module points.json")?.language, "json");
		assert.equal(readModuleMagic("%%module util.ts")?.language, "typescript");
		assert.equal(readModuleMagic("%%module lib/util.mts")?.language, "typescript");
		assert.equal(readModuleMagic("%%module Counter.tsx --jsx classic")?.language, "tsx");
		assert.equal(readModuleMagic("%%module view.jsx")?.language, "jsx");
	});

	it("finds the name before or after options, as argparse does", () => {
		for (const line of ["%%module app.js --show", "%%module --show app.js", "%%module   app.js  "]) {
			assert.equal(readModuleMagic(line)?.name, "app.js", line);
		}
		const { tokens } = readModuleMagic("%%module --show app.js");
		assert.deepEqual(tokens, [
			{ from: 0, to: 8, role: "magic" },
			{ from: 9, to: 15, role: "option" },
			{ from: 16, to: 22, role: "name" },
		]);
	});

	it("leaves every other line alone", () => {
		for (const line of ["", "%%modules app.js", " %%module app.js", "%module app.js", "%%module",
			"%%module --show", "%%module app.py", "%%module app", "%%javascript", "# %%module app.js"]) {
			assert.equal(readModuleMagic(line), null, JSON.stringify(line));
		}
	});
});

describe("moduleMagicOf", () => {
	it("serves IPython code cells only", () => {
		assert.equal(moduleMagicOf("%%module app.js", "text/x-ipython")?.language, "javascript");
		// a markdown cell, another kernel's cell, a notebook whose kernel is not known yet
		for (const mime of ["text/x-ipythongfm", "text/x-rsrc", "text/x-julia", "text/plain", ""]) {
			assert.equal(moduleMagicOf("%%module app.js", mime), null, mime);
		}
	});
});

describe("diagnosticsFromOutputs", () => {
	const status = (module, diagnostics) => ({
		data: { "text/plain": "✗ app.js: 1 error", [DIAGNOSTICS_MIME]: { module, diagnostics } },
	});
	const error = { line: 2, column: 4, message: 'Unexpected "}"', severity: "error" };

	it("reads the last status output of the module the cell names now", () => {
		const outputs = [{ output_type: "stream", text: "error: ..." }, status("app.js", [error])];
		assert.deepEqual(diagnosticsFromOutputs(outputs, "app.js"), [error]);
		// a re-displayed status line replaces the earlier one
		assert.deepEqual(diagnosticsFromOutputs([status("app.js", [error]), status("app.js", [])], "app.js"), []);
	});

	it("ignores a run that named another module, and malformed data from a notebook file", () => {
		assert.deepEqual(diagnosticsFromOutputs([status("old.js", [error])], "app.js"), []);
		assert.deepEqual(diagnosticsFromOutputs([{ data: { [DIAGNOSTICS_MIME]: "nonsense" } }], "app.js"), []);
		const bad = [{ line: -1, column: 0, message: "x" }, { line: 1, column: 0 }, { line: "1", column: 0, message: "x" }];
		assert.deepEqual(diagnosticsFromOutputs([status("app.js", [...bad, error])], "app.js"), [error]);
	});
});

describe("editorMarks", () => {
	const cell = "%%module app.js\nconst a = 1;\nlet = ;\n";

	it("puts module line N on the cell's line N + 1 (after the %%module line)", () => {
		const [mark] = editorMarks(cell, [{ line: 2, column: 4, endColumn: 5, message: "m", severity: "error" }]);
		assert.equal(cell.slice(mark.from, mark.to), "=");
		assert.equal(mark.from, cell.indexOf("let") + 4);
	});

	it("covers one character without an end; an empty range at the end of a line", () => {
		const [one, point] = editorMarks(cell, [
			{ line: 1, column: 0, message: "a", severity: "warning" },
			{ line: 2, column: 7, message: "b", severity: "error" },
		]);
		assert.equal(cell.slice(one.from, one.to), "c");
		assert.equal(one.severity, "warning");
		assert.equal(point.from, point.to);
		assert.equal(point.from, cell.indexOf("let = ;") + 7);
	});

	it("counts columns in code points, as the kernel does, and offsets in UTF-16 units", () => {
		const text = "%%module app.js\nconst s = \"😀\"; oops\n";
		const [mark] = editorMarks(text, [{ line: 1, column: 15, endColumn: 19, message: "m", severity: "error" }]);
		assert.equal(text.slice(mark.from, mark.to), "oops");
	});

	it("clamps positions past the text", () => {
		const [mark] = editorMarks(cell, [{ line: 9, column: 99, message: "m", severity: "error" }]);
		assert.ok(mark.from <= cell.length && mark.to <= cell.length);
		assert.deepEqual(editorMarks("%%module app.js", [{ line: 1, column: 0, message: "m", severity: "error" }])
			.map(m => [m.from, m.to]), [[15, 15]]);
	});
});
