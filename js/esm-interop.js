// Module namespace objects (commonjs.js gives CommonJS code one).
// (Longer than most files: every trap of the namespace's Proxy is an invariant of the spec's
// exotic object.)
//
// ES importers only ever see a module's `exports`, a namespace object made by `createNamespace`
// that presents itself as the engine's module namespace exotic object does (ECMA-262 10.4.6):
// every export is a data property `{ value, writable: true, enumerable: true, configurable:
// false }` whose value is read live from the module's binding; `Object.defineProperty` succeeds
// only when it changes nothing; writes, additions and deletions fail (a TypeError in strict code);
// keys in code-unit order, then `Symbol.toStringTag` "Module"; null prototype; not extensible.
//
// A data property cannot be live on an ordinary object, so the namespace is a Proxy. Its target
// holds one writable, non-configurable data property per export (what the Proxy invariants
// require for the descriptors it reports) and its handler reads the value through the getter the
// compiler passed to `d`, a closure over the module's own binding: live bindings and TDZ errors
// are the engine's own. The cost is one trap call per read through the namespace.
//
// Compiled code reads imported bindings through the module's *bindings* object instead
// (`__nbb_require__.b`, see `createBindings`): the same getters as accessor properties of a plain
// object, which the engine inlines (benchmarks/namespace_reads.py). It never reaches user code:
// the compiler uses it only for member reads (`count`, `ns.count`) and takes the namespace
// wherever the object itself is observable (`import * as ns` used as a value, `this` of
// `ns.f()`, writes, `import()`, `require()`, `export * as`).
//
// Before its module starts (an instance an importer in a cycle linked, whose init has not run
// yet) a namespace has no getters, yet it can be read through a re-export: `export { x } from`,
// whose getter reads the target's bindings. Where the target's export is its own `let`,
// `const` or class (in its TDZ until the module runs), the linker lists the name when the
// re-exporter links it (`b(id, ["x"])`), and the bindings object's prototype gets a getter that
// throws the engine's ReferenceError; the module's own accessors shadow it once it starts, so
// reads of started modules cost nothing more. A namespace is a "Module" from the start, and
// where an importer takes the namespace object itself (`l(id, names, lexical)`) it has its
// export names as keys from then on, as the engine's has from link time (`declare`).
//
// Tools that look inside a Proxy without running its traps (node's `util.inspect`, a browser's
// console) show the target's values. They are refreshed from the bindings after the module ran,
// and on every reflective read (`Object.getOwnPropertyDescriptor`, `Object.entries`, spreading).

/** @typedef {import("./module.js").Module} Module */
/** @typedef {Record<string, () => unknown>} NamespaceGetters */

/** The Proxy traps of one namespace; `getters` is filled in when the module defines its exports. */
class NamespaceHandler {
	/** @param {Record<string | symbol, unknown>} target */
	constructor(target) {
		this.target = target;
		/** @type {NamespaceGetters} export name → function reading the binding (null prototype) */
		this.getters = Object.create(null);
		/** @type {Array<string | symbol>} [[OwnPropertyKeys]]: export names sorted, then the tag */
		this.keys = [];
		/** @type {Record<string, unknown>} the same exports as accessors, for compiled member reads */
		this.bindings = createBindings();
		/** the module started: `define` ran */
		this.started = false;
		/** `declare` gave it its keys before it started */
		this.declared = false;
	}

	/**
	 * Until the module starts, reading one of `names` from the bindings is a ReferenceError:
	 * each is a `let`, `const` or class of the module, in its TDZ until its body runs.
	 * @param {ReadonlyArray<string>} names
	 */
	guard(names) {
		if (this.started) return;
		const prototype = Object.getPrototypeOf(this.bindings);
		for (const name of names) {
			if (Object.hasOwn(prototype, name)) continue;
			Object.defineProperty(prototype, name, {
				get() {
					throw new ReferenceError(`Cannot access '${name}' before initialization`);
				},
				configurable: true,
			});
		}
	}

	/**
	 * Names an importer reads from this CommonJS module that Node's lexer does not find there:
	 * the bindings object reads them from `module.exports` when used, as esbuild does (the
	 * namespace keeps the lexer's keys). A name the module's own accessors define shadows it.
	 * @param {ReadonlyArray<string>} names
	 * @param {() => any} moduleExports `module.exports` of the CommonJS code (undefined before it ran)
	 */
	readAtRunTime(names, moduleExports) {
		const prototype = Object.getPrototypeOf(this.bindings);
		for (const name of names) {
			if (Object.hasOwn(prototype, name) || Object.hasOwn(this.bindings, name)) continue;
			Object.defineProperty(prototype, name, {
				get() {
					const value = moduleExports();
					return value === null || value === undefined ? undefined : value[name];
				},
				configurable: true,
			});
		}
	}

	/**
	 * The keys the namespace has from link time, before its module starts (the engine knows
	 * them then; a cycle can show the namespace before the module runs). Until `define`
	 * replaces them, each reads through a stand-in getter: `names` in `lexical` (the module's
	 * own `let`, `const` or classes) throw the engine's ReferenceError (TDZ), the others read
	 * `undefined`.
	 * @param {ReadonlyArray<string>} names
	 * @param {ReadonlyArray<string>} lexical
	 */
	declare(names, lexical) {
		if (this.started || this.keys.length > 1) return;
		this.declared = true;
		for (const name of names) {
			this.getters[name] = lexical.includes(name) ? uninitializedReader(name) : readUndefined;
			Object.defineProperty(this.target, name, { value: undefined, writable: true, enumerable: true, configurable: false });
		}
		/** @type {Array<string | symbol>} */
		const keys = names.slice().sort(compareExportNames);
		keys.push(Symbol.toStringTag);
		this.keys = keys;
		Object.preventExtensions(this.target);
	}

	/**
	 * The hot path: every read of an imported binding lands here.
	 * @param {Record<string | symbol, unknown>} target
	 * @param {string | symbol} key
	 */
	get(target, key) {
		const getter = this.getters[/** @type {string} */ (key)];
		return getter === undefined ? target[key] : getter();
	}

	/**
	 * @param {Record<string | symbol, unknown>} target
	 * @param {string | symbol} key
	 * @returns {PropertyDescriptor | undefined}
	 */
	getOwnPropertyDescriptor(target, key) {
		const getter = typeof key === "string" ? this.getters[key] : undefined;
		if (getter === undefined) return Reflect.getOwnPropertyDescriptor(target, key);
		// A binding in its TDZ throws here, as [[GetOwnProperty]] of a namespace does.
		const value = getter();
		target[key] = value;
		return { value, writable: true, enumerable: true, configurable: false };
	}

	/**
	 * [[DefineOwnProperty]] of a namespace: true only for a descriptor that changes nothing.
	 * @param {Record<string | symbol, unknown>} target
	 * @param {string | symbol} key
	 * @param {PropertyDescriptor} descriptor
	 */
	defineProperty(target, key, descriptor) {
		if (typeof key === "symbol") return Reflect.defineProperty(target, key, descriptor);
		const getter = this.getters[key];
		if (getter === undefined) return false;
		// [[GetOwnProperty]] comes first, so a binding in its TDZ throws whatever is defined.
		const current = getter();
		if (descriptor.configurable === true || descriptor.enumerable === false || descriptor.writable === false) return false;
		if ("get" in descriptor || "set" in descriptor) return false;
		return "value" in descriptor ? Object.is(descriptor.value, current) : true;
	}

	/** @returns {boolean} always false: a namespace has no setters */
	set() {
		return false;
	}

	/**
	 * @param {Record<string | symbol, unknown>} target
	 * @param {string | symbol} key
	 */
	deleteProperty(target, key) {
		if (typeof key === "symbol") return Reflect.deleteProperty(target, key);
		return this.getters[key] === undefined;
	}

	ownKeys() {
		return this.keys.slice();
	}

	/**
	 * [[SetPrototypeOf]] of an immutable-prototype object: only `null` (the current one) succeeds.
	 * @param {Record<string | symbol, unknown>} target
	 * @param {object | null} prototype
	 */
	setPrototypeOf(target, prototype) {
		return prototype === null;
	}

	/**
	 * Succeeds once the exports are defined: until then the target must stay open for them.
	 * @param {Record<string | symbol, unknown>} target
	 */
	preventExtensions(target) {
		return !Object.isExtensible(target);
	}

	/**
	 * Add exports to the target and to the key list. Target properties are writable data
	 * properties, so the values the traps report are always compatible with them.
	 * @param {NamespaceGetters} getters
	 */
	define(getters) {
		// The stand-ins of `declare` give way to the module's own getters.
		if (!this.started && this.declared) this.getters = Object.create(null);
		this.started = true;
		const closed = !Object.isExtensible(this.target);
		for (const key of Object.keys(getters)) {
			if (this.getters[key] !== undefined || Object.hasOwn(this.bindings, key)) continue;
			Object.defineProperty(this.bindings, key, { get: getters[key], enumerable: true, configurable: false });
			// Closed by `declare` with the names of an importer's older render (a notebook cell
			// changed what an `export *` brings in): the namespace cannot take more keys, and
			// keeps those it was given; named imports still read the bindings.
			if (closed && !Object.hasOwn(this.target, key)) continue;
			this.getters[key] = getters[key];
			Object.defineProperty(this.target, key, { value: undefined, writable: true, enumerable: true, configurable: false });
		}
		if (!Object.hasOwn(this.target, Symbol.toStringTag)) {
			Object.defineProperty(this.target, Symbol.toStringTag, { value: "Module" });
		}
		/** @type {Array<string | symbol>} */
		const keys = Object.keys(this.target).sort(compareExportNames);
		keys.push(Symbol.toStringTag);
		this.keys = keys;
	}

	/** Copy the current value of every initialized binding into the target (for inspectors). */
	refresh() {
		for (const key of Object.keys(this.getters)) {
			try {
				this.target[key] = this.getters[key]();
			} catch {
				// In its TDZ: there is no value to show yet.
			}
		}
	}
}

/**
 * The order V8 gives a namespace's keys: array indices first, by value, as in every V8 object,
 * then the other names in code-unit order (the spec's order for all of them).
 *
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
function compareExportNames(a, b) {
	const aIndex = isArrayIndex(a);
	const bIndex = isArrayIndex(b);
	if (aIndex || bIndex) return aIndex && bIndex ? Number(a) - Number(b) : aIndex ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/** @param {string} key */
function isArrayIndex(key) {
	return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/** The stand-in getter of an export that is not in a TDZ before its module starts (`var`). */
function readUndefined() {
	return undefined;
}

/**
 * @param {string} name
 * @returns {() => never} the stand-in getter of an export in its TDZ before its module starts
 */
function uninitializedReader(name) {
	return () => {
		throw new ReferenceError(`Cannot access '${name}' before initialization`);
	};
}

/**
 * An empty bindings object: what compiled code reads imported bindings from.
 *
 * Its prototype is a null-prototype object of its own, for two reasons. A name the module does
 * not export reads as `undefined`, as on a namespace (nothing from `Object.prototype`). And V8
 * keeps an object in its fast mode, where it inlines accessor calls, only while objects that
 * gain the same keys in the same order also share the getters; every module's getters are its
 * own closures, so objects that shared a prototype (and so their first hidden class) would turn
 * each other into slow dictionaries. A prototype per object gives each one a hidden class of its own.
 *
 * @returns {Record<string, unknown>}
 */
function createBindings() {
	return Object.create(Object.create(null));
}

/** @type {WeakMap<object, NamespaceHandler>} namespace → its handler */
const namespaceHandlers = new WeakMap();

/**
 * A module's `exports` before it runs: an empty namespace, the object importers link to.
 *
 * @returns {any}
 */
export function createNamespace() {
	/** @type {Record<string | symbol, unknown>} */
	const target = Object.create(null);
	// "Module" from the start: a namespace is one even before its module runs (in a cycle).
	Object.defineProperty(target, Symbol.toStringTag, { value: "Module" });
	const handler = new NamespaceHandler(target);
	handler.keys = [Symbol.toStringTag];
	const namespace = new Proxy(target, handler);
	namespaceHandlers.set(namespace, handler);
	return namespace;
}

/**
 * @param {object} namespace
 * @returns {NamespaceHandler}
 */
function handlerOf(namespace) {
	const handler = namespaceHandlers.get(namespace);
	if (handler === undefined) throw new TypeError("[nbbundle] not a namespace made by createNamespace()");
	return handler;
}

/**
 * `__nbb_require__.b`: the bindings object of a namespace (accessor properties over the same
 * getters), which compiled code reads imported bindings from.
 *
 * @param {object} namespace a namespace from `createNamespace()`
 * @param {ReadonlyArray<string>} [lexical] names the importer's re-exports read that are the
 *   module's own `let`, `const` or classes: until it starts they throw (TDZ), not `undefined`
 * @param {ReadonlyArray<string>} [commonjs] names imported from a CommonJS module that Node's
 *   lexer does not find there: read from `moduleExports()` when used
 * @param {() => any} [moduleExports] the CommonJS module's `module.exports`, when it has run
 * @returns {Record<string, unknown>}
 */
export function bindingsOf(namespace, lexical, commonjs, moduleExports) {
	const handler = handlerOf(namespace);
	if (lexical !== undefined) handler.guard(lexical);
	if (commonjs !== undefined && moduleExports !== undefined) handler.readAtRunTime(commonjs, moduleExports);
	return handler.bindings;
}

/**
 * `__nbb_require__.l` with the export names the linker found: the namespace lists them as its
 * keys even before its module starts, as the engine's does (they are fixed at link time).
 *
 * @param {object} namespace a namespace from `createNamespace()`
 * @param {ReadonlyArray<string>} names the module's export names
 * @param {ReadonlyArray<string>} [lexical] those that are its own `let`, `const` or classes:
 *   reading them before it starts throws (TDZ); the others read `undefined`
 * @returns {void}
 */
export function declareNamespace(namespace, names, lexical = []) {
	handlerOf(namespace).declare(names, lexical);
}

/**
 * `__nbb_require__.d`: define the exports of an ES module.
 *
 * @param {object} namespace the module's `exports`, from `createNamespace()`
 * @param {NamespaceGetters} getters export name → function reading the binding
 * @param {boolean} [open] leave the namespace open for `reexportDynamic` (`export *` from
 *   CommonJS, whose names are known only after it ran)
 * @returns {void}
 */
export function defineNamespace(namespace, getters, open = false) {
	const handler = handlerOf(namespace);
	handler.define(getters);
	if (!open) Object.preventExtensions(handler.target);
}

/**
 * `__nbb_require__.s`: `export * from <CommonJS>`. Adds a live getter for every name of each
 * namespace that the module does not already export (its own and static re-exports win, as in
 * the spec), except `default`, then closes the namespace.
 *
 * Unlike the spec, a name exported by two dynamic namespaces is not dropped as ambiguous: the
 * first wins, because the compiler cannot see these names and the runtime has no link step.
 *
 * @param {object} namespace a namespace defined with `defineNamespace(namespace, getters, true)`
 * @param {ReadonlyArray<any>} namespaces the aliases of the re-exported modules, in source order
 * @returns {void}
 */
export function reexportDynamic(namespace, namespaces) {
	const handler = handlerOf(namespace);
	/** @type {NamespaceGetters} */
	const added = Object.create(null);
	for (const source of namespaces) {
		if (source === null || (typeof source !== "object" && typeof source !== "function")) continue;
		for (const key of Object.keys(source)) {
			if (key === "default" || key in added || handler.getters[key] !== undefined) continue;
			added[key] = () => source[key];
		}
	}
	handler.define(added);
	Object.preventExtensions(handler.target);
}

/**
 * Copy the bindings' current values into the namespace's target, where inspectors that do not
 * run Proxy traps look. Called when a module finished running.
 *
 * @param {object} namespace
 * @returns {void}
 */
export function refreshNamespace(namespace) {
	namespaceHandlers.get(namespace)?.refresh();
}
