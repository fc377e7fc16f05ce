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
 * traces and devtools: `at counter_js (nbbundle:///counter.js?v=3:4:11)`.
 *
 * @param {string} id
 * @param {string} code
 * @param {number} version
 * @returns {import("./module.js").ModuleInitialization}
 */
export function evaluateModule(id, code, version) {
	return (0, eval)(`(${code})\n//# sourceURL=${sourceName(id, version)}`);
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
	for (const id of message.removed ?? []) delete bundle.modules[id];
	bundle.error = null;
}

