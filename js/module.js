// A module instance and the types of the init-function contract (ARCHITECTURE.md).
//
// The RFC's fields (`id`, `exports`, `meta`, `loaded`, `error`) come first; the rest is what the
// module system needs to follow ES semantics: the state machine, the promise of an async init,
// the CommonJS view, and whether the init is running (import cycles).

import { createNamespace } from "./esm-interop.js";

/** @typedef {import("./esm-interop.js").CommonJsModule} CommonJsModule */
/** @typedef {import("./esm-interop.js").CommonJsFunction} CommonJsFunction */
/** @typedef {import("./esm-interop.js").NamespaceGetters} NamespaceGetters */
/** @typedef {"unregistered" | "registered" | "initialized" | "failed"} ModuleState */
/**
 * The per-module `require` an init function gets (`__nbb_require__`), with its helpers.
 * @typedef {object} RequireHelpers
 * @property {(id: string) => any} l link: the instance's `exports`, without evaluating it
 * @property {(ids: ReadonlyArray<string>) => Promise<void> | undefined} a evaluate in order; a promise if any is still pending
 * @property {() => Promise<void> | undefined} w the promise the last `a(ids)` returned
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
		/** @type {any} the namespace ES importers see (esm-interop.js), empty until the init defines it */
		this.exports = createNamespace();
		/** @type {Record<string, any>} `import.meta`: null prototype, `resolve` and `url` as in Node (HMR adds `hot`) */
		this.meta = Object.create(null);
		this.meta.resolve = importMetaResolve(url);
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
		return relative ? joinPath(url, text) : text;
	};
}

/** A specifier with a scheme (`https:`, `node:`, `data:`, …). */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * `specifier` (starting with `/`, `./` or `../`) against the path `base`, dot segments removed.
 *
 * @param {string} base
 * @param {string} specifier
 * @returns {string}
 */
function joinPath(base, specifier) {
	const segments = specifier.startsWith("/") ? [] : base.split("/").slice(0, -1);
	for (const segment of specifier.split("/")) {
		if (segment === "..") segments.pop();
		else if (segment !== "." && segment !== "") segments.push(segment);
	}
	const joined = segments.join("/");
	return specifier.startsWith("/") ? `/${joined}` : joined;
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
