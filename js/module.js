// A module instance and the types of the init-function contract (ARCHITECTURE.md).
//
// The RFC's fields (`id`, `exports`, `meta`, `loaded`, `error`) come first; the rest is what the
// module system needs to follow ES semantics: the state machine, the promise of an async init,
// the CommonJS view, and whether the init is running (import cycles).

/** @typedef {import("./esm-interop.js").CommonJsModule} CommonJsModule */
/** @typedef {import("./esm-interop.js").CommonJsFunction} CommonJsFunction */
/** @typedef {import("./esm-interop.js").NamespaceGetters} NamespaceGetters */
/** @typedef {"unregistered" | "registered" | "initialized" | "failed"} ModuleState */
/**
 * The per-module `require` an init function gets (`__nbb_require__`), with its helpers.
 * @typedef {object} RequireHelpers
 * @property {(id: string) => any} l link: the instance's `exports`, without evaluating it
 * @property {(ids: ReadonlyArray<string>) => Promise<void> | undefined} a evaluate in order; a promise if any is still pending
 * @property {(exports: object, getters: NamespaceGetters, open?: boolean) => void} d define the ES exports
 * @property {(exports: object, namespaces: ReadonlyArray<any>) => void} s `export *` from CommonJS
 * @property {(fn: CommonJsFunction, names?: ReadonlyArray<string>) => void} c run CommonJS code; `names` are its named exports as Node's lexer finds them
 * @property {(id: string) => Promise<any>} i `import(id)` of a module the compiler resolved
 * @property {(specifier: unknown) => Promise<any>} j `import(specifier)` resolved at run time
 * @property {(id: string, css: string) => void} css insert or replace a CSS module's style
 * @typedef {((id: string) => any) & RequireHelpers} ModuleRequire
 */
/**
 * @typedef {(module: Module, exports: any, require: ModuleRequire) => void | Promise<void>} ModuleInitialization
 */

/** A module instance: the RFC's fields, then the runtime's own. */
export class Module {
	/**
	 * @param {string} id
	 * @param {string} url the value of `import.meta.url`
	 */
	constructor(id, url) {
		this.id = id;
		/** @type {any} the namespace ES importers see; null prototype, as namespaces have */
		this.exports = Object.create(null);
		/** @type {Record<string, any>} `import.meta` */
		this.meta = Object.create(null);
		this.meta.url = url;
		this.loaded = false;
		/** @type {unknown} */
		this.error = null;
		/** @type {Exclude<ModuleState, "unregistered">} */
		this.state = "registered";
		/** @type {Promise<void> | null} set when the init is async; settles with it */
		this.promise = null;
		/** @type {CommonJsModule | null} the CommonJS `module`, for CommonJS importers */
		this.cjs = null;
		/** Whether the exports were defined by an ES module (`__nbb_require__.d`). */
		this.esm = false;
		/** Whether the init has been called (a linked instance has not). */
		this.started = false;
		/** Whether the init, or its `a()` prologue, is on the stack right now (an import cycle). */
		this.evaluating = false;
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
