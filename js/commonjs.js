// The CommonJS wrapper: CommonJS code run with Node's calling convention, and the namespace an
// ES importer gets from it (a snapshot of `module.exports`, as Node gives).

import { defineNamespace } from "./esm-interop.js";

/** @typedef {import("./module.js").Module} Module */
/** @typedef {import("./esm-interop.js").NamespaceGetters} NamespaceGetters */
/**
 * The CommonJS `module` object handed to CommonJS code.
 * @typedef {{ id: string, exports: any, loaded: boolean }} CommonJsModule
 */
/**
 * The function the compiler wraps CommonJS code in (`__nbb_require__.c(function (module, exports, require) {...})`).
 * @typedef {(this: any, module: CommonJsModule, exports: any, require: (id: string) => any) => void} CommonJsFunction
 */

/**
 * `__nbb_require__.c`: run CommonJS code with Node's calling convention, then make the module's
 * `exports` the namespace an ES importer gets from Node: `default` is `module.exports`, and each
 * name the compiler found the way Node's CommonJS lexer finds them (`exports.a = …`, …) is a
 * snapshot of `module.exports[name]` taken once the code ran (undefined unless it is an own
 * property then), not a live view: later changes to `module.exports` do not show through.
 *
 * The CommonJS module object is kept as `module.cjs` because a CommonJS importer must get
 * `module.exports` itself, including the partial one inside a cycle.
 *
 * @param {Module} module the module instance being initialized
 * @param {CommonJsFunction} fn the wrapped CommonJS code
 * @param {(id: string) => any} cjsRequire the `require` the CommonJS code sees
 * @param {ReadonlyArray<string>} [names] the named exports (without `default`)
 * @returns {void}
 */
export function runCommonJs(module, fn, cjsRequire, names = []) {
	/** @type {CommonJsModule} */
	const cjsModule = { id: module.id, exports: {}, loaded: false };
	module.cjs = cjsModule;
	fn.call(cjsModule.exports, cjsModule, cjsModule.exports, cjsRequire);
	cjsModule.loaded = true;
	defineNamespace(module.namespace, commonJsSnapshot(cjsModule.exports, names));
}

/**
 * The exports of a module registered by hand, whose init wrote them the RFC's way
 * (`exports.v = 42`, or `module.exports = …`) instead of calling `d` or `c`: `require` gives
 * them as they are, a CommonJS importer gets them as `module.exports`, and an ES importer (or
 * `import()`) the namespace Node gives a CommonJS module: `default` is the exports, and each
 * own enumerable key is a name, a snapshot taken when the init returned.
 *
 * @param {Module} module the module instance whose init just returned
 * @returns {void}
 */
export function adoptWrittenExports(module) {
	const value = module.exports;
	module.cjs = { id: module.id, exports: value, loaded: true };
	const isObject = value !== null && (typeof value === "object" || typeof value === "function");
	defineNamespace(module.namespace, commonJsSnapshot(value, isObject ? Object.keys(value) : []));
}

/**
 * @param {any} value `module.exports` after the code ran
 * @param {ReadonlyArray<string>} names
 * @returns {NamespaceGetters}
 */
function commonJsSnapshot(value, names) {
	// A null prototype, so a CommonJS name "__proto__" is an export, not a prototype.
	/** @type {NamespaceGetters} */
	const getters = Object.create(null);
	getters.default = () => value;
	const isObject = value !== null && (typeof value === "object" || typeof value === "function");
	for (const name of names) {
		if (name === "default") continue;
		/** @type {unknown} */
		let snapshot;
		if (isObject && Object.prototype.hasOwnProperty.call(value, name)) {
			try {
				snapshot = value[name];
			} catch {
				// Node reads through a getter that may throw, and then exports undefined.
			}
		}
		getters[name] = () => snapshot;
	}
	return getters;
}
