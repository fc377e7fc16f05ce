// The code a view runs: the synced bundle as messages change it, and each module's init
// function text turned into a function under a name no module id can break out of.

/** @typedef {import("./protocol.js").BundleState} BundleState */

/**
 * The name a module goes by in stack traces: `nbbundle:///<id>?v=<version>`, the id escaped
 * segment by segment so that nothing in it can end the `//# sourceURL` comment or be read as
 * the `:line:column` that follows (names are checked in the kernel too; this holds whatever
 * arrives). The version says which text of the module threw.
 *
 * @param {string} id
 * @param {number} version
 */
export function sourceName(id, version) {
	let escaped;
	try {
		escaped = String(id).split("/").map(encodeURIComponent).join("/");
	} catch {
		escaped = String(id).replace(/[^\w./-]/g, "_"); // a lone surrogate
	}
	return `nbbundle:///${escaped}?v=${version}`;
}

/**
 * Turn a module's init function text into a function. Indirect eval keeps the text's line
 * numbers (the compiler preserves the source's), and the sourceURL names the module in stack
 * traces and devtools: `at counter_js (nbbundle:///counter.js?v=3:4:11)`. With the kernel's
 * source map (made for exactly this text, the opening parenthesis counted), devtools shows the
 * cell as written under `nbbundle:///counter.js`, one name for every version, so a breakpoint
 * set there holds across edits of the cell.
 *
 * @param {string} id
 * @param {string} code
 * @param {number} version
 * @param {string} [map] the module's source map (JSON), if the kernel sent one
 * @returns {import("./module.js").ModuleInitialization}
 */
export function evaluateModule(id, code, version, map) {
	const mapComment = typeof map === "string" ? `\n//# sourceMappingURL=${mapDataUrl(map)}` : "";
	return (0, eval)(`(${code})${mapComment}\n//# sourceURL=${sourceName(id, version)}`);
}

/**
 * A source map as a base64 `data:` URL: nothing in it can end the comment it goes in.
 *
 * @param {string} map
 */
export function mapDataUrl(map) {
	const bytes = new TextEncoder().encode(map);
	let binary = "";
	for (let start = 0; start < bytes.length; start += 0x8000) {
		binary += String.fromCharCode.apply(null, Array.from(bytes.subarray(start, start + 0x8000)));
	}
	return `data:application/json;charset=utf-8;base64,${btoa(binary)}`;
}

/**
 * Apply a kernel message to the model's synced bundle, in place, as the kernel changes its own
 * copy: a `model.set` would mark `_bundle` as changed by the page, and the app's next
 * `model.save_changes()` would send the whole bundle back to the kernel (which ignores it).
 * The model's state (what a later view mounts from, what a saved notebook keeps) is current all
 * the same: it holds this very object.
 *
 * @param {BundleState} bundle
 * @param {any} message an `update` or `error` message from the kernel
 */
export function mergeIntoBundle(bundle, message) {
	bundle.version = message.version;
	if (message.type === "error") {
		bundle.error = message.error;
		return;
	}
	Object.assign(bundle.modules, message.modules);
	const maps = (bundle.maps ??= {});
	for (const id of Object.keys(message.modules ?? {})) {
		if (typeof message.maps?.[id] === "string") maps[id] = message.maps[id];
		else delete maps[id];
	}
	for (const id of message.removed ?? []) {
		delete bundle.modules[id];
		delete maps[id];
	}
	bundle.error = null;
}

