// Loads the resources that hold modules not yet registered (seed 004, "Resource").
//
// Resource states: unloaded → loading → loaded | failed. Both end states are final: a loaded
// resource is never fetched again, and a failed one rejects every later load with the same
// error instead of retrying, so one broken network request gives one error, not a storm.
//
//                      loaded
//                    ↗
//   unloaded → loading
//                    ↘
//                      failed

/** @typedef {"unloaded" | "loading" | "loaded" | "failed"} ResourceState */
/**
 * One resource of a manifest. `type: "initial"` means the page loads it itself (an HTML
 * `<script>` or `<link>`, the RFC's initial resources): `load()` takes it as loaded and fetches
 * nothing. `styles` names style resources that load together with a script resource, so the
 * modules it registers find their CSS applied (an exported site's async resources).
 * @typedef {{ kind: "script" | "style", url?: string, type?: "initial" | "async", styles?: string[] }} ResourceDescription
 */
/**
 * Which resource holds each module id, and where each resource is.
 * @typedef {{ modules?: Record<string, string>, resources?: Record<string, ResourceDescription> }} ResourceManifest
 */
/**
 * @typedef {object} ResourceLoaderOptions
 * @property {"module" | "script"} [strategy] how script resources load: `import(url)` (modern
 *   browsers and node) or an injected `<script src>` (the RFC's legacy strategy). Default "module".
 * @property {Document} [document] where `<script>` and `<link>` elements go; `globalThis.document` by default
 * @property {(url: string) => Promise<unknown>} [importModule] the "module" strategy's loader; `import(url)` by default
 */
/** @typedef {{ state: ResourceState, promise: Promise<void>, error: unknown }} ResourceRecord */

export class ResourceLoader {
	/** @type {Map<string, string>} module id → resource name */
	#moduleToResource = new Map();
	/** @type {Map<string, ResourceDescription>} */
	#resources = new Map();
	/** @type {Map<string, () => void>} inline resources: run to register their modules */
	#provided = new Map();
	/** @type {Map<string, ResourceRecord>} resources whose loading has started */
	#records = new Map();
	/** @type {"module" | "script"} */
	#strategy;
	/** @type {Document | undefined} */
	#document;
	/** @type {(url: string) => Promise<unknown>} */
	#importModule;

	/** @param {ResourceLoaderOptions} [options] */
	constructor(options = {}) {
		this.#strategy = options.strategy ?? "module";
		this.#document = options.document;
		this.#importModule = options.importModule ?? ((url) => import(/* @vite-ignore */ url));
	}

	/**
	 * @param {string} name
	 * @returns {ResourceState}
	 */
	getState(name) {
		return this.#records.get(name)?.state ?? "unloaded";
	}

	/**
	 * Merge a manifest into what the loader knows. Later manifests win for the same id or name.
	 *
	 * @param {ResourceManifest} manifest
	 * @returns {void}
	 */
	addManifest(manifest) {
		for (const [id, name] of Object.entries(manifest.modules ?? {})) this.#moduleToResource.set(id, name);
		for (const [name, resource] of Object.entries(manifest.resources ?? {})) this.#resources.set(name, resource);
	}

	/**
	 * Provide an inline resource: `register` runs (and registers the resource's modules) only
	 * when the resource is first loaded. The single-file bundle ships its async resources this
	 * way, so their modules stay unregistered until an `import()` needs them.
	 *
	 * @param {string} name
	 * @param {() => void} register
	 * @returns {void}
	 */
	provide(name, register) {
		this.#provided.set(name, register);
	}

	/**
	 * Load a resource once. Concurrent and later calls share the first call's promise.
	 *
	 * @param {string} name
	 * @returns {Promise<void>}
	 */
	load(name) {
		const record = this.#records.get(name);
		if (record) return record.promise;
		if (!this.#provided.has(name) && !this.#resources.has(name)) {
			// Not a load attempt, so no state change: a later manifest may still add it.
			return Promise.reject(new Error(`[nbbundle] Unknown resource "${name}": it is neither in a manifest nor provided inline`));
		}
		/** @type {ResourceRecord} */
		const started = { state: "loading", promise: Promise.resolve(), error: undefined };
		this.#records.set(name, started);
		started.promise = this.#fetch(name).then(
			() => {
				started.state = "loaded";
			},
			(error) => {
				started.state = "failed";
				started.error = error;
				throw error;
			},
		);
		return started.promise;
	}

	/**
	 * Whether the manifest names a resource that holds module `id`.
	 *
	 * @param {string} id
	 * @returns {boolean}
	 */
	hasModule(id) {
		return this.#moduleToResource.has(id);
	}

	/**
	 * Load the resource the manifest says holds module `id`.
	 *
	 * @param {string} id
	 * @returns {Promise<void>}
	 */
	loadModule(id) {
		const name = this.#moduleToResource.get(id);
		if (name === undefined) {
			const error = new Error(`[nbbundle] Module "${id}" is not registered, and no resource in the manifest contains it`);
			return Promise.reject(Object.assign(error, { code: "MODULE_NOT_FOUND" }));
		}
		return this.load(name);
	}

	/**
	 * @param {string} name
	 * @returns {Promise<void>}
	 */
	#fetch(name) {
		const register = this.#provided.get(name);
		// The executor turns a throwing `register` into a rejection.
		if (register) return new Promise((resolve) => resolve(register()));
		const resource = /** @type {ResourceDescription} */ (this.#resources.get(name));
		if (resource.type === "initial") return Promise.resolve();
		const url = resource.url ?? name;
		if (resource.kind === "style") return this.#insertElement(name, "link", url);
		const styles = (resource.styles ?? []).map((style) => this.load(style));
		const script = this.#strategy === "script" ? this.#insertElement(name, "script", url) : this.#importModule(url);
		return Promise.all([script, ...styles]).then(() => undefined);
	}

	/**
	 * Insert a `<script src>` or `<link rel="stylesheet">` and wait for its load or error event.
	 *
	 * @param {string} name
	 * @param {"script" | "link"} tag
	 * @param {string} url
	 * @returns {Promise<void>}
	 */
	#insertElement(name, tag, url) {
		const doc = this.#document ?? globalThis.document;
		if (!doc) {
			return Promise.reject(new Error(`[nbbundle] Cannot load resource "${name}" (${url}) without a document; use the "module" strategy outside a browser`));
		}
		return new Promise((resolve, reject) => {
			const element = doc.createElement(tag);
			element.addEventListener("load", () => resolve(), { once: true });
			element.addEventListener("error", () => reject(new Error(`[nbbundle] Failed to load resource "${name}" from ${url}`)), { once: true });
			if (tag === "link") {
				element.setAttribute("rel", "stylesheet");
				element.setAttribute("href", url);
			} else {
				element.setAttribute("src", url);
			}
			(doc.head ?? doc.body).appendChild(element);
		});
	}
}
