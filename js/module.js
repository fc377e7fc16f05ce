// A module instance and the types of the init-function contract (ARCHITECTURE.md).
//
// The RFC's fields (`id`, `exports`, `meta`, `loaded`, `error`) come first; the rest is what the
// module system needs to follow ES semantics: the RFC's state machine, the CommonJS view, and the
// fields ECMA-262 gives a Cyclic Module Record for evaluation (evaluation.js).

import { createNamespace } from "./esm-interop.js";
import { joinPath } from "./paths.js";

/** @typedef {import("./commonjs.js").CommonJsModule} CommonJsModule */
/** @typedef {import("./commonjs.js").CommonJsFunction} CommonJsFunction */
/** @typedef {import("./esm-interop.js").NamespaceGetters} NamespaceGetters */
/** @typedef {"unregistered" | "registered" | "initialized" | "failed"} ModuleState */
/**
 * The per-module `require` an init function gets (`__nbb_require__`), with its helpers.
 * @typedef {object} RequireHelpers
 * @property {(id: string, names?: ReadonlyArray<string>, lexical?: ReadonlyArray<string>) => any} l link: the instance's `exports` (its namespace), without evaluating it; `names`: its export names, its keys before it starts (`lexical`: those that throw then, TDZ)
 * @property {(id: string, lexical?: ReadonlyArray<string>, commonjs?: ReadonlyArray<string>) => Record<string, unknown>} b link, and give the instance's bindings object: its exports as accessors, for compiled member reads; `lexical`: names a re-export reads that are its own let/const/class, which throw (TDZ) until it starts; `commonjs`: names of a CommonJS module its lexer does not find, read from its `module.exports` when used
 * @property {(ids: ReadonlyArray<string>, tla?: unknown) => boolean} a an async module's imports, evaluated in order; true when it must wait (the prologue then yields); `tla`: it has top-level await
 * @property {<T>(value: T) => T} y the value of a compiled top-level `await` (`y(yield x)`: the call keeps the statement's first token an identifier)
 * @property {(exports: object, getters: NamespaceGetters, open?: boolean) => void} d define the ES exports
 * @property {(exports: object, namespaces: ReadonlyArray<any>) => void} s `export *` from CommonJS
 * @property {(fn: CommonJsFunction, names?: ReadonlyArray<string>) => void} c run CommonJS code; `names` are its named exports as Node's lexer finds them
 * @property {(id: string) => Promise<any>} i `import(id)` of a module the compiler resolved
 * @property {(specifier: unknown) => Promise<any>} j `import(specifier)` resolved at run time
 * @property {(id: string, css: string) => void} css insert or replace a CSS module's style
 * @property {(file: string) => string} u the URL of a file a build emitted beside the resource that registered the module (an asset)
 * @typedef {((id: string) => any) & RequireHelpers} ModuleRequire
 */
/**
 * @typedef {(module: Module, exports: any, require: ModuleRequire) => void | Generator | AsyncGenerator} ModuleInitialization
 */

/** A module instance: the RFC's fields, then the runtime's own. */
export class Module {
	/**
	 * @param {string} id
	 * @param {string} url the value of `import.meta.url`
	 */
	constructor(id, url) {
		this.id = id;
		/** @type {any} the namespace ES importers see (esm-interop.js), empty until the init defines it */
		this.namespace = createNamespace();
		/** @type {any} what `require` returns: the namespace, or what a module registered by hand exports (the RFC's `module.exports`) */
		this.exports = this.namespace;
		/** @type {Record<string, any>} `import.meta`: null prototype, `resolve` and `url` as in Node (HMR adds `hot`) */
		this.meta = Object.create(null);
		this.meta.resolve = importMetaResolve(url);
		this.meta.url = url;
		this.loaded = false;
		/** @type {unknown} */
		this.error = null;
		/** @type {Exclude<ModuleState, "unregistered">} */
		this.state = "registered";
		/** @type {CommonJsModule | null} the CommonJS `module`, for CommonJS importers */
		this.cjs = null;
		/** Whether the exports were defined by an ES module (`__nbb_require__.d`). */
		this.esm = false;

		// ECMA-262's fields of a Cyclic Module Record for evaluation (evaluation.js).
		/**
		 * [[Status]]: a created instance is unlinked; linked once instantiated (instantiation.js:
		 * a compiled init ran to its instantiation `yield`; any other init waits for evaluation)
		 * @type {"unlinked" | "linking" | "linked" | "evaluating" | "evaluating-async" | "evaluated"}
		 */
		this.status = "unlinked";
		/** @type {Module[]} the instances its prologue linked (`b`, `l`) while it was linking, for instantiation.js */
		this.requested = [];
		this.dfsIndex = -1;
		this.dfsAncestorIndex = -1;
		this.pendingAsyncDependencies = 0;
		/** [[AsyncEvaluationOrder]]: 0 unset, n > 0 while it evaluates asynchronously, -1 done */
		this.asyncOrder = 0;
		/** @type {Module[]} [[AsyncParentModules]] */
		this.asyncParentModules = [];
		/** @type {Module | null} [[CycleRoot]] */
		this.cycleRoot = null;
		/** @type {{ promise: Promise<void>, resolve: (value: void) => void, reject: (error: unknown) => void } | null} [[TopLevelCapability]] */
		this.capability = null;
		/** [[HasTLA]], told by the prologue's `a(ids, tla)` */
		this.hasTLA = false;
		/** @type {Generator | AsyncGenerator | null} the running init of a compiled module (from its instantiation, or from its evaluation for an `async function*`) */
		this.generator = null;
		/** Whether `generator` is an `async function*` (native awaits) rather than compiled ones. */
		this.native = false;
		/** @type {"prologue" | "waiting" | "body" | "done"} where the generator's init is (`waiting`: in or after its `a()`) */
		this.phase = "prologue";
		/** @type {{ error: unknown } | null} an import that failed during the prologue, thrown by the evaluation */
		this.dependencyError = null;
	}

	/** @returns {Promise<void> | null} settles when an evaluation started from this module ends */
	get promise() {
		return this.capability?.promise ?? null;
	}
}

/**
 * `import.meta.url`: `id` resolved against the URL of the resource that registered it.
 *
 * @param {string} id
 * @param {string | undefined} url
 * @returns {string}
 */
export function moduleMetaUrl(id, url) {
	// `URL` is missing in a bare `vm` context; the id is still a useful `import.meta.url`.
	if (url == null || typeof URL !== "function") return id;
	try {
		return new URL(id, url).href;
	} catch {
		return id;
	}
}

/**
 * `import.meta.resolve` of the module whose `import.meta.url` is `url`: the URL a specifier
 * names, resolved against the module's URL as a browser does (relative and absolute paths, and
 * URLs; no file-system look-up, so `"./x"` stays `…/x`). A bare specifier (`"lit"`) has no URL
 * in a bundle: the bundler resolved it, and the browser has no import map for it, so it throws
 * the TypeError a browser throws.
 *
 * @param {string} url
 * @returns {(specifier: string) => string}
 */
export function importMetaResolve(url) {
	return function resolve(specifier) {
		const text = String(specifier);
		const relative = text.startsWith("/") || text.startsWith("./") || text.startsWith("../");
		if (!relative && !URL_SCHEME.test(text)) {
			throw new TypeError(`[nbbundle] import.meta.resolve("${text}"): a bare specifier has no URL in a bundle (it was resolved at build time)`);
		}
		if (typeof URL === "function") {
			try {
				return new URL(text, url).href;
			} catch {
				// `url` is a bare id (no resource URL was known): resolve as paths below.
			}
		}
		if (!relative) return text;
		return text.startsWith("/") ? `/${joinPath(url, text)}` : joinPath(url, text);
	};
}

/** A specifier with a scheme (`https:`, `node:`, `data:`, …). */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The error for an id nothing registered; `code` is Node's, so callers can test for it.
 *
 * @param {string} id
 * @param {Module | null} importer
 * @returns {Error & { code: string }}
 */
export function moduleNotFoundError(id, importer) {
	const importedBy = importer ? ` (imported by "${importer.id}")` : "";
	const error = new Error(`[nbbundle] Module "${id}" is not registered${importedBy}`);
	return Object.assign(error, { code: "MODULE_NOT_FOUND" });
}

/**
 * The rejection of an `import()` whose module does not exist: a TypeError, as the engine's.
 *
 * @param {string} specifier
 * @param {Module | null} importer
 * @returns {TypeError & { code: string }}
 */
export function importNotFoundError(specifier, importer) {
	const importedBy = importer ? ` (imported by "${importer.id}")` : "";
	const error = new TypeError(`[nbbundle] Module "${specifier}" is not registered, and no resource in the manifest contains it${importedBy}`);
	return Object.assign(error, { code: "MODULE_NOT_FOUND" });
}
