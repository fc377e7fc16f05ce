// Module namespace objects, and the CommonJS wrapper that gives CommonJS code one.
//
// ES importers only ever see a module's `exports`, which these helpers turn into an object that
// behaves like a module namespace (DESIGN.md contract 1): null prototype (made by the module
// system), accessor properties in code-unit order, `Symbol.toStringTag` "Module", not extensible,
// and no setters, so writes, additions and deletions throw in strict code. The getters close over
// the module's own bindings, so live bindings and TDZ errors are the engine's own.

/** @typedef {import("./module.js").Module} Module */
/** @typedef {Record<string, () => unknown>} NamespaceGetters */
/**
 * The CommonJS `module` object handed to CommonJS code.
 * @typedef {{ id: string, exports: any, loaded: boolean }} CommonJsModule
 */
/**
 * The function the compiler wraps CommonJS code in (`__nbb_require__.c(function (module, exports, require) {...})`).
 * @typedef {(this: any, module: CommonJsModule, exports: any, require: (id: string) => any) => void} CommonJsFunction
 */

/**
 * `__nbb_require__.d`: define the exports of an ES module as getters.
 *
 * @param {object} exports the module's `exports`, a null-prototype object
 * @param {NamespaceGetters} getters export name → function reading the binding
 * @param {boolean} [open] leave the object open for `reexportDynamic` (`export *` from
 *   CommonJS, whose names are known only after it ran)
 * @returns {void}
 */
export function defineNamespace(exports, getters, open = false) {
	// Sorting before defining gives sorted `Object.keys` for free: string keys keep insertion
	// order (except array-index keys, which ordinary objects always list first).
	for (const key of Object.keys(getters).sort()) {
		// No setter: an assignment through the namespace throws in strict code, as it should.
		Object.defineProperty(exports, key, { enumerable: true, configurable: open, get: getters[key] });
	}
	Object.defineProperty(exports, Symbol.toStringTag, { value: "Module" });
	if (!open) Object.preventExtensions(exports);
}

/**
 * `__nbb_require__.s`: `export * from <CommonJS>`. Adds a live getter for every name of each
 * namespace that the module does not already export (its own and static re-exports win, as in
 * the spec), except `default`, then sorts and seals the namespace.
 *
 * Unlike the spec, a name exported by two dynamic namespaces is not dropped as ambiguous: the
 * first wins, because the compiler cannot see these names and the runtime has no link step.
 *
 * @param {object} exports a namespace defined with `defineNamespace(exports, getters, true)`
 * @param {ReadonlyArray<any>} namespaces the aliases of the re-exported modules, in source order
 * @returns {void}
 */
export function reexportDynamic(exports, namespaces) {
	for (const namespace of namespaces) {
		if (namespace === null || (typeof namespace !== "object" && typeof namespace !== "function")) continue;
		for (const key of Object.keys(namespace)) {
			if (key === "default" || Object.hasOwn(exports, key)) continue;
			Object.defineProperty(exports, key, {
				enumerable: true,
				configurable: true,
				get: () => namespace[key],
			});
		}
	}
	sealNamespace(exports);
}

/**
 * Put the keys of an open namespace back in code-unit order, make them non-configurable and
 * make the object non-extensible. Deleting and redefining is the only way to reorder keys, and
 * it works because `defineNamespace(..., true)` left them configurable.
 *
 * @param {object} exports
 * @returns {void}
 */
function sealNamespace(exports) {
	const keys = Object.keys(exports).sort();
	const descriptors = keys.map((key) => /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(exports, key)));
	for (const key of keys) delete (/** @type {any} */ (exports))[key];
	keys.forEach((key, index) => {
		Object.defineProperty(exports, key, { ...descriptors[index], configurable: false });
	});
	Object.preventExtensions(exports);
}

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
	defineNamespace(module.exports, commonJsSnapshot(cjsModule.exports, names));
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
