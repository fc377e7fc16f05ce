// The module system of seed 004 (Farm RFC 002), with ES module semantics (DESIGN.md contract 1).
// (Longer than most files: the RFC's API, and the per-module helpers the compiler's code calls.)
//
// A module instance goes through the RFC's states; both end states are final, so a module that
// threw is never run a second time by accident (a second `require` rethrows its error), and only
// `deleteCache(id)` (HMR) makes room for a new instance that runs the possibly updated init.
//
//                           initialized
//                          ↗
//   unregistered → registered
//                          ↘
//                           failed
//
// Init functions follow the contract in ARCHITECTURE.md:
// `init.call(undefined, module, exports, require)`, where `require` is made for that module
// (`#requireFor`) so errors and the `cacheRead` hook know the importer, and `exports` is the
// RFC's plain object: a module registered by hand (the RFC's examples, a plugin's virtual
// module) writes it; the compiler's inits hand it to `d` or `c`, which define the namespace.
// When and in which order they run is ECMA-262's instantiation and evaluation, in
// instantiation.js and evaluation.js.

import { SyncHook, SyncWaterfallHook } from "./hooks.js";
import { bindingsOf, createNamespace, declareNamespace, defineNamespace, reexportDynamic, refreshNamespace } from "./esm-interop.js";
import { adoptWrittenExports, runCommonJs } from "./commonjs.js";
import { isGenerator, isThenable, ModuleEvaluator } from "./evaluation.js";
import { ResourceLoader } from "./resource-loader.js";
import { removeStyle, updateStyle } from "./styles.js";
import { Module, importNotFoundError, moduleMetaUrl, moduleNotFoundError } from "./module.js";
import { fileCandidates, joinPath } from "./paths.js";

/** Specifiers with a scheme (`https:`, `data:`, …) are URLs, never bundled module ids. */
const URL_PATTERN = /^[a-z][a-z0-9+.-]*:/i;

/** The RFC's default name of the global acquisition function. */
export const DEFAULT_ACQUISITION_NAME = "__acquire_farm_module_system__";

/** @typedef {import("./module.js").ModuleInitialization} ModuleInitialization */
/** @typedef {import("./module.js").ModuleRequire} ModuleRequire */
/** @typedef {import("./module.js").ModuleState} ModuleState */
/** @typedef {import("./module.js").RequireHelpers} RequireHelpers */

export class ModuleSystem {
	/** @type {Map<string, ModuleInitialization>} id → init function */
	moduleMap = new Map();
	/** @type {Map<string, Module>} id → instance */
	cacheMap = new Map();
	hooks = {
		/** @type {SyncHook<[ModuleSystem]>} */
		bootstrap: new SyncHook(),
		/** @type {SyncWaterfallHook<Module>} */
		create: new SyncWaterfallHook(),
		/** @type {SyncWaterfallHook<Module>} */
		initialize: new SyncWaterfallHook(),
		/** @type {SyncHook<[Module, unknown]>} */
		error: new SyncHook(),
		/** @type {SyncWaterfallHook<Module | null | undefined, [Module | null]>} */
		cacheRead: new SyncWaterfallHook(),
	};
	/** @type {ResourceLoader} */
	loader;
	/** @type {Map<string, string>} id → `import.meta.url` */
	#urls = new Map();
	/** @type {Map<string, string>} id → the URL of the resource that registered it (emitted assets sit beside it) */
	#resourceUrls = new Map();
	#bootstrapped = false;

	/** Prefix of this system's `<style>` ids, so two widget views never share (or prune) one. */
	#stylePrefix = "";

	/** Where CSS modules put their `<style>`: `document.head` unless the view lives in a shadow root. */
	/** @type {ParentNode | undefined} */
	#styleRoot;

	/** ECMA-262's evaluation of the instances (evaluation.js). */
	#evaluator = new ModuleEvaluator({
		registeredInit: (module) => this.moduleMap.get(module.id),
		initOf: (module) => {
			const init = this.moduleMap.get(module.id);
			// Only after `delete(id)` of a module that a cacheRead plugin kept alive.
			if (!init) throw moduleNotFoundError(module.id, null);
			// Before the module starts: a plugin that throws here has not started it.
			this.hooks.initialize.call(module);
			return init;
		},
		call: (module, init) => this.#call(module, init),
		link: (id, importer) => this.#link(id, importer),
		succeed: (module) => {
			// An async init registered by hand wrote its exports until its promise settled.
			if (!module.esm && module.cjs === null) adoptWrittenExports(module);
			module.state = "initialized";
			module.loaded = true;
			refreshNamespace(module.namespace);
		},
		fail: (module, error) => {
			module.state = "failed";
			module.error = error;
			this.hooks.error.call(module, error);
		},
	});

	/** @param {ModuleSystemOptions} [options] */
	constructor(options = {}) {
		this.loader = options.loader ?? new ResourceLoader();
		this.#stylePrefix = options.stylePrefix ?? "";
		this.#styleRoot = options.styleRoot;
		// Bound, so `const { require } = ms` works; the aliases are the same functions.
		this.require = this.require.bind(this);
		this.register = this.register.bind(this);
		this.update = this.update.bind(this);
		this.delete = this.delete.bind(this);
		this.deleteCache = this.deleteCache.bind(this);
		this.r = this.require;
		this.g = this.register;
		this.u = this.update;
		this.d = this.delete;
		this.c = this.deleteCache;
	}

	/**
	 * Initialize module `id` if needed and return its exports. The first call is the entry:
	 * `bootstrap` runs before it, and the hooks are sealed once it is initialized.
	 *
	 * @param {string} id
	 * @returns {any} the module's exports (for an async module, filled in when `promise` settles)
	 */
	require(id) {
		if (this.#bootstrapped) return this.#require(id, null).exports;
		this.#bootstrapped = true;
		this.hooks.bootstrap.call(this);
		let module;
		let promise;
		try {
			module = this.#link(id, null);
			promise = this.#evaluator.require(null, module);
		} catch (error) {
			this.#sealHooks();
			throw error;
		}
		if (promise && module.state === "registered") {
			// `finally` passes a rejection on: a failing async entry still shows up as an
			// unhandled rejection (and a non-zero exit under node) instead of vanishing.
			promise.finally(() => this.#sealHooks());
		} else {
			this.#sealHooks();
		}
		return module.exports;
	}

	/**
	 * `import(id)` from outside any module (hosts, tests): loads the module's resource if it is
	 * not registered, waits for an async module, and resolves to its exports. Counts as the
	 * entry when it is the first call, like `require`.
	 *
	 * @param {string} id
	 * @returns {Promise<any>}
	 */
	async import(id) {
		if (this.#bootstrapped) return this.#import(id, null);
		this.#bootstrapped = true;
		this.hooks.bootstrap.call(this);
		try {
			return await this.#import(id, null);
		} finally {
			this.#sealHooks();
		}
	}

	/**
	 * @param {string} id
	 * @param {ModuleInitialization} init
	 * @param {string} [url] the URL of the resource that registers it; `import.meta.url` is `id`
	 *   resolved against it
	 * @returns {void}
	 */
	register(id, init, url) {
		this.moduleMap.set(id, init);
		this.#urls.set(id, moduleMetaUrl(id, url));
		if (url != null) this.#resourceUrls.set(id, url);
	}

	/**
	 * Replace the init function of `id`. A running instance is kept; `deleteCache(id)` lets the
	 * next `require` run the new one.
	 *
	 * @param {string} id
	 * @param {ModuleInitialization} init
	 * @returns {void}
	 */
	update(id, init) {
		this.moduleMap.set(id, init);
		if (!this.#urls.has(id)) this.#urls.set(id, id);
	}

	/**
	 * Unregister `id` and drop its instance.
	 *
	 * @param {string} id
	 * @returns {boolean} whether it was registered
	 */
	delete(id) {
		this.#urls.delete(id);
		this.#resourceUrls.delete(id);
		this.cacheMap.delete(id);
		return this.moduleMap.delete(id);
	}

	/**
	 * Drop the instance of `id`, so the next `require` creates a new one and runs the init again.
	 *
	 * @param {string} id
	 * @returns {boolean} whether there was an instance
	 */
	deleteCache(id) {
		return this.cacheMap.delete(id);
	}

	/**
	 * @param {string} id
	 * @returns {ModuleState}
	 */
	getModuleState(id) {
		const module = this.cacheMap.get(id);
		if (module) return module.state;
		return this.moduleMap.has(id) ? "registered" : "unregistered";
	}

	/**
	 * Call an init function with the RFC's arguments. `exports` is a plain object, as the RFC
	 * says (`module.exports` too, until the init replaces it): a module registered by hand
	 * writes it (`exports.v = 42`). The compiler's inits hand it to `d` (ES) or `c` (CommonJS)
	 * before anything else runs, which define the namespace and make it `module.exports` again;
	 * an init that called neither wrote its exports by hand, and they become the module's
	 * CommonJS exports (`adoptWrittenExports`).
	 *
	 * @param {Module} module
	 * @param {ModuleInitialization} init
	 * @returns {unknown} what the init returned (a generator for a compiled ES module)
	 */
	#call(module, init) {
		// A plugin's `create` or `initialize` hook may have set `module.exports` already (the RFC
		// lets plugins modify it): the init then writes that object.
		const exports = module.exports === module.namespace ? {} : module.exports;
		module.exports = exports;
		const result = init.call(undefined, module, exports, this.#requireFor(module, exports));
		// A generator (the compiler's form) calls `d` when it is first resumed (instantiation.js);
		// an async init registered by hand writes its exports until it settles (`succeed` adopts
		// them then).
		if (!module.esm && module.cjs === null && !isGenerator(result) && !isThenable(result)) adoptWrittenExports(module);
		return result;
	}

	#sealHooks() {
		for (const hook of Object.values(this.hooks)) hook.seal();
	}

	/**
	 * Get or create the instance of `id` without running it.
	 *
	 * @param {string} id
	 * @param {Module | null} importer
	 * @returns {Module}
	 */
	#link(id, importer) {
		const cached = this.cacheMap.get(id);
		if (cached) return this.hooks.cacheRead.call(cached, importer) ?? cached;
		if (!this.moduleMap.has(id)) throw moduleNotFoundError(id, importer);
		const created = new Module(id, this.#urls.get(id) ?? id);
		const module = this.hooks.create.call(created) ?? created;
		this.cacheMap.set(id, module);
		return module;
	}

	/**
	 * Get the instance of `id`, evaluated: as an import of `importer` while an evaluation runs
	 * (then a module on the stack, in a cycle, or waiting for an async dependency comes back
	 * with its partial exports, as ES modules do), or as an evaluation of its own.
	 *
	 * @param {string} id
	 * @param {Module | null} importer
	 * @returns {Module}
	 */
	#require(id, importer) {
		const module = this.#link(id, importer);
		this.#evaluator.require(importer, module);
		return module;
	}

	/**
	 * @param {string} id
	 * @param {Module | null} importer
	 * @returns {Promise<any>} the module's exports, the same object every time
	 */
	async #import(id, importer) {
		if (!this.moduleMap.has(id) && !this.cacheMap.has(id)) {
			// The engine's error for a module that does not exist is a TypeError (the browser's
			// "Failed to fetch dynamically imported module"); the code is Node's.
			if (!this.loader.hasModule(id)) throw importNotFoundError(id, importer);
			await this.loader.loadModule(id);
		} else {
			// Loading is asynchronous in the engine too: `import()` never evaluates anything in
			// the job that called it.
			await undefined;
		}
		const module = this.#link(id, importer);
		await this.#evaluator.evaluate(module);
		return module.namespace;
	}

	/**
	 * @param {string} id
	 * @returns {boolean} whether this system has, or can load, module `id`
	 */
	#known(id) {
		return this.moduleMap.has(id) || this.cacheMap.has(id) || this.loader.hasModule(id);
	}

	/**
	 * `import(specifier)` where the specifier is known only at run time: resolved against the
	 * importer's id with the resolver's candidates (`fileCandidates`: exact, the extensions,
	 * TypeScript's `.js` for `.ts`, index files), among the modules registered here or listed in
	 * the manifest.
	 * A specifier that names none of them is the host's to load, as esbuild leaves such a call
	 * to it: a path resolved against the importer's `import.meta.url` (under node the file
	 * beside the bundle, in a page its URL), anything else as written (`node:fs`, a URL).
	 *
	 * @param {unknown} value the argument of `import(…)`
	 * @param {Module} importer
	 * @returns {Promise<any>}
	 */
	async #importSpecifier(value, importer) {
		const specifier = String(value); // ToString inside the promise: a throwing toString rejects it
		if (URL_PATTERN.test(specifier) && !this.moduleMap.has(specifier)) return import(specifier);
		const id = this.#resolveAtRunTime(specifier, importer.id);
		if (id === null) return hostImport(specifier, importer);
		return this.#import(id, importer);
	}

	/**
	 * @param {string} specifier
	 * @param {string} importerId
	 * @returns {string | null} the id of a module this system can load, or null
	 */
	#resolveAtRunTime(specifier, importerId) {
		const known = (/** @type {string} */ id) => this.#known(id);
		if (!/^\.{0,2}\//.test(specifier)) return known(specifier) ? specifier : null;
		return fileCandidates(joinPath(importerId, specifier)).find(known) ?? null;
	}

	/**
	 * @param {Module} module
	 * @param {object} exports the plain `exports` its init was given: `d` and `s` read it as the namespace
	 * @returns {ModuleRequire}
	 */
	#requireFor(module, exports) {
		/** @param {string} id */
		const require = (id) => this.#require(id, module).exports;
		/** @param {string} id */
		const cjsRequire = (id) => {
			const target = this.#require(id, module);
			// Node's `require` of an ES module gives its namespace; of CommonJS, `module.exports`.
			return target.cjs ? target.cjs.exports : target.exports;
		};
		/** @param {string} id @returns {any} the namespace of `id`, linked, not evaluated */
		const link = (id) => {
			try {
				const target = this.#link(id, module);
				// What its instantiation goes on to (instantiation.js).
				if (module.status === "linking") module.requested.push(target);
				return target.namespace;
			} catch (error) {
				// Thrown where the import is evaluated (`a()` or `require`), outside the
				// generator of an async module, which would turn it into a rejection.
				module.dependencyError ??= { error };
				return createNamespace();
			}
		};
		/** @type {RequireHelpers} */
		const helpers = {
			l: (id, names, lexical) => {
				const namespace = link(id);
				if (names !== undefined) declareNamespace(namespace, names, lexical);
				return namespace;
			},
			b: (id, lexical, commonjs) => {
				const namespace = link(id);
				if (commonjs === undefined) return bindingsOf(namespace, lexical);
				const target = this.cacheMap.get(id);
				return bindingsOf(namespace, lexical, commonjs, () => target?.cjs?.exports);
			},
			a: (ids, tla) => this.#evaluator.requireAll(module, ids, tla),
			y: (value) => value,
			d: (object, getters, open) => {
				module.esm = true;
				module.exports = module.namespace;
				defineNamespace(object === exports ? module.namespace : object, getters, open);
			},
			s: (object, namespaces) => reexportDynamic(object === exports ? module.namespace : object, namespaces),
			c: (fn, names) => {
				module.exports = module.namespace;
				runCommonJs(module, fn, cjsRequire, names);
			},
			// A URL that no resource registers (`import("https://…")`) stays external: the host loads it.
			// A specifier the compiler could not resolve (a cell defined later) resolves when it runs.
			i: (id) => (URL_PATTERN.test(id) && !this.moduleMap.has(id) ? import(id) : this.#import(this.#known(id) ? id : this.#resolveAtRunTime(id, module.id) ?? id, module)),
			j: (specifier) => this.#importSpecifier(specifier, module),
			// An emitted asset is a file beside the resource (build, export); without a resource URL
			// (a bare `vm` context) the file name is the best URL there is.
			u: (file) => {
				const base = this.#resourceUrls.get(module.id);
				return base == null || typeof URL !== "function" ? file : new URL(file, base).href;
			},
			// `css(id, null)` is a CSS module's prune: its style goes with it. `css(id)` (no text, an
			// exported site's form) loads the style resource named `id` instead of inlining the text.
			css: (id, css) => {
				if (css === null) removeStyle(this.#stylePrefix + id, this.#styleRoot);
				else if (css === undefined) this.loader.load(id).catch((error) => console.error(`[nbbundle] the style of ${id} did not load:`, error));
				else updateStyle(this.#stylePrefix + id, css, this.#styleRoot);
			},
		};
		return Object.assign(require, helpers);
	}
}

/**
 * @typedef {object} ModuleSystemOptions
 * @property {ResourceLoader} [loader]
 * @property {string} [stylePrefix] prefix of this system's `<style>` ids
 * @property {ParentNode} [styleRoot] where CSS modules' `<style>` go (a view's shadow root); `document.head` by default
 */

/**
 * @param {ModuleSystemOptions} [options]
 * @returns {ModuleSystem}
 */
export function createModuleSystem(options) {
	return new ModuleSystem(options);
}

/**
 * Install the module system under the acquisition name (read now, at boot), or return the one
 * already installed there: one singleton per name, as the RFC requires.
 *
 * @param {any} [global]
 * @param {ModuleSystemOptions} [options] for a new module system
 * @returns {ModuleSystem}
 */
export function installModuleSystem(global = globalThis, options) {
	const name = global.__farm_module_system_acquisition_name__ || DEFAULT_ACQUISITION_NAME;
	if (typeof global[name] === "function") return global[name]();
	const moduleSystem = createModuleSystem(options);
	global[name] = () => moduleSystem;
	return moduleSystem;
}

/**
 * The host's own `import()` of a specifier no module of the bundle answers (see #importSpecifier).
 * Without a URL to resolve a path against (`import.meta.url` is the bare id where the runtime
 * has no address), nothing can be loaded: the TypeError a missing module gives.
 *
 * @param {string} specifier
 * @param {Module} importer
 * @returns {Promise<any>}
 */
function hostImport(specifier, importer) {
	if (!/^\.{0,2}\//.test(specifier)) return import(specifier);
	const base = importer.meta.url;
	if (typeof base !== "string" || !URL_PATTERN.test(base) || typeof URL !== "function") {
		throw importNotFoundError(specifier, importer);
	}
	return import(new URL(specifier, base).href);
}
