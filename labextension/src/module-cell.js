// What a `%%module` cell is, read from its text alone: the first line's magic (which module,
// which language) and where the kernel's diagnostics fall in the editor. No CodeMirror and no
// JupyterLab here, so `node --test tests/js/` checks these rules without a build.

/** The MIME type of the diagnostics in a `%%module` run's status output (kernel/status.py). */
export const DIAGNOSTICS_MIME = "application/vnd.nbbundle.diagnostics+json";

/** Cells of this editor MIME type are IPython code cells: the only ones `%%module` runs in. */
export const IPYTHON_MIME = "text/x-ipython";

/**
 * The language of a cell's body for each module extension nbbundle accepts (compile/kinds.py;
 * tests/python/labextension/test_cell_languages.py keeps the two the same).
 * @type {Record<string, ModuleMagic["language"]>}
 */
const LANGUAGES = {
	".js": "javascript", ".mjs": "javascript", ".ts": "typescript", ".mts": "typescript", ".tsx": "tsx",
	".jsx": "jsx", ".css": "css", ".json": "json",
};

/**
 * @typedef {{from: number, to: number, role: 'magic' | 'name' | 'option'}} MagicToken
 *   a word of the magic line; offsets into that line
 * @typedef {{name: string, language: 'javascript' | 'typescript' | 'tsx' | 'jsx' | 'css' | 'json', tokens: MagicToken[]}} ModuleMagic
 */

/**
 * Read a cell's first line as IPython does for `%%module NAME [--show]`: the magic must start the
 * line, and NAME is the one word that is not an option (argparse allows it before or after them).
 *
 * @param {string} line the cell's first line, without its newline
 * @returns {ModuleMagic | null} null when the line is not a `%%module` line nbbundle would serve
 */
export function readModuleMagic(line) {
	const match = /^%%module(?=\s|$)/.exec(line);
	if (!match) return null;
	/** @type {MagicToken[]} */
	const tokens = [{ from: 0, to: match[0].length, role: "magic" }];
	let name = null;
	for (const word of line.slice(match[0].length).matchAll(/\S+/g)) {
		const from = match[0].length + /** @type {number} */ (word.index);
		const role = word[0].startsWith("-") || name !== null ? "option" : "name";
		if (role === "name") name = word[0];
		tokens.push({ from, to: from + word[0].length, role });
	}
	if (name === null) return null;
	const dot = name.lastIndexOf(".");
	const language = dot > 0 ? LANGUAGES[/** @type {keyof typeof LANGUAGES} */ (name.slice(dot))] : undefined;
	return language ? { name, language, tokens } : null;
}

/**
 * The `%%module` magic of an editor's first line, if that editor is an IPython code cell (the
 * only place the magic runs: markdown cells, other kernels' cells and files get null).
 *
 * @param {string} firstLine @param {string} editorMimeType the editor model's MIME type
 * @returns {ModuleMagic | null}
 */
export function moduleMagicOf(firstLine, editorMimeType) {
	return editorMimeType === IPYTHON_MIME ? readModuleMagic(firstLine) : null;
}

/**
 * @typedef {{line: number, column: number, endLine?: number, endColumn?: number,
 *            message: string, severity: string, hint?: string}} ModuleDiagnostic
 *   as the kernel sends it: lines 1-based in the module's text, columns 0-based in characters
 *   (code points); the module's text is the cell after its `%%module` line
 * @typedef {{from: number, to: number, message: string, hint: string | null,
 *            severity: 'error' | 'warning'}} EditorMark
 *   offsets into the cell's whole text (UTF-16 code units, as the editor counts)
 */

/**
 * The diagnostics that a cell's outputs carry for the module its first line names now: from
 * the last output with DIAGNOSTICS_MIME data (the status line; re-displays replace it).
 *
 * @param {Iterable<{data?: Record<string, unknown>}>} outputs the cell's outputs, in order
 * @param {string} moduleName the module the cell's first line names now
 * @returns {ModuleDiagnostic[]} nothing when the last run named another module or sent none
 */
export function diagnosticsFromOutputs(outputs, moduleName) {
	/** @type {unknown} */
	let payload = null;
	for (const output of outputs) {
		const data = output?.data?.[DIAGNOSTICS_MIME];
		if (data !== undefined) payload = data;
	}
	if (!isRecord(payload) || payload.module !== moduleName || !Array.isArray(payload.diagnostics)) {
		return [];
	}
	return payload.diagnostics.filter(isDiagnostic);
}

/**
 * Where each diagnostic goes in the editor. Module line N is the cell's line N + 1 (the
 * `%%module` line comes first); a position past the end of its line or of the text is clamped.
 * A diagnostic without an end covers the character at its start; an empty range stays empty
 * (the editor shows it as a point).
 *
 * @param {string} text the cell's whole text
 * @param {ModuleDiagnostic[]} diagnostics
 * @returns {EditorMark[]}
 */
export function editorMarks(text, diagnostics) {
	const lineStarts = [0];
	for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
	/** @param {number} moduleLine @param {number} column */
	const offset = (moduleLine, column) => {
		const index = Math.min(Math.max(moduleLine, 1), lineStarts.length - 1);
		if (index < 1) return text.length; // only the magic line: nothing of the module is shown
		const start = lineStarts[index];
		const end = index + 1 < lineStarts.length ? lineStarts[index + 1] - 1 : text.length;
		return start + codeUnits(text.slice(start, end), column);
	};
	return diagnostics.map(d => {
		const from = offset(d.line, d.column);
		let to;
		if (d.endColumn !== undefined) {
			to = Math.max(from, offset(d.endLine ?? d.line, d.endColumn));
		} else {
			const lineEnd = text.indexOf("\n", from);
			const step = (text.codePointAt(from) ?? 0) > 0xffff ? 2 : 1;
			to = Math.min(from + step, lineEnd === -1 ? text.length : lineEnd);
		}
		const hint = typeof d.hint === "string" ? d.hint : null;
		return { from, to, message: d.message, hint, severity: d.severity === "warning" ? "warning" : "error" };
	});
}

/** UTF-16 length of the first `codePoints` code points of `line` (all of it if shorter). */
function codeUnits(/** @type {string} */ line, /** @type {number} */ codePoints) {
	let units = 0;
	let seen = 0;
	for (const char of line) {
		if (seen === codePoints) break;
		units += char.length;
		seen += 1;
	}
	return units;
}

/** @returns {value is Record<string, unknown>} */
function isRecord(/** @type {unknown} */ value) {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A well-formed diagnostic: the data comes from a notebook file too, so it is checked. */
function isDiagnostic(/** @type {unknown} */ d) {
	const whole = (/** @type {unknown} */ n) => Number.isInteger(n) && /** @type {number} */ (n) >= 0;
	return isRecord(d) && whole(d.line) && whole(d.column) && typeof d.message === "string"
		&& (d.endLine === undefined || whole(d.endLine)) && (d.endColumn === undefined || whole(d.endColumn));
}
