// `import.meta.hot` of one module instance (Vite's HMRContext, seed 003): what a module
// registers (accept, acceptExports, dispose, prune, on/off) goes into the hot state its
// HmrClient keeps per module id; `data` outlives instances, callbacks do not.

import { joinPath } from "./paths.js";

/** @typedef {import("./hmr-client.js").HmrClient} HmrClient */
/** @typedef {import("./hmr-client.js").HotState} HotState */
/** @typedef {import("./hmr-client.js").DataCallback} DataCallback */

const HOT_ACCEPT_USAGE_ERROR = "[nbbundle] invalid hot.accept() usage.";

/**
 * The module id a `hot.accept(dep)` specifier names. The compiler replaces a literal dependency
 * with the module id it resolves to (compile/javascript/hot.py); one it could not read (a
 * variable) or resolve arrives as written, and a relative one is joined to the owner's
 * directory here (ids are posix paths relative to the build root); anything else is an id.
 * @param {string} ownerId
 * @param {string} specifier
 * @returns {string}
 */
export function resolveHotDependency(ownerId, specifier) {
	if (!specifier.startsWith("./") && !specifier.startsWith("../")) return specifier;
	return joinPath(ownerId, specifier);
}

/** `import.meta.hot` of one module instance. */
export class HotContext {
	/** @type {HmrClient} */ #client;
	/** @type {HotState} */ #state;

	/** @param {HmrClient} client @param {string} ownerId */
	constructor(client, ownerId) {
		this.#client = client;
		this.ownerId = ownerId;
		// A new instance registers its callbacks again, so the old version's must go (or every
		// update would add one more); `data` is what is meant to survive.
		this.#state = client.resetHotState(ownerId);
	}

	/** @returns {Record<string, any>} the same object for every version of the module */
	get data() {
		return this.#state.data;
	}

	/**
	 * `accept()`, `accept(cb)`: self-accept, cb gets the new namespace. `accept(dep, cb)`: cb
	 * gets the new namespace of dep. `accept([deps], cb)`: cb gets an array aligned with deps.
	 * @param {string | string[] | ((module: any) => unknown)} [deps]
	 * @param {(modules: any) => unknown} [callback]
	 */
	accept(deps, callback) {
		if (callback !== undefined && typeof callback !== "function") throw new Error(HOT_ACCEPT_USAGE_ERROR);
		const resolve = (/** @type {string} */ dep) => resolveHotDependency(this.ownerId, dep);
		if ((deps === undefined || typeof deps === "function") && callback === undefined) {
			this.#state.callbacks.push({ deps: [this.ownerId], fn: ([module]) => deps?.(module) });
		} else if (typeof deps === "string") {
			this.#state.callbacks.push({ deps: [resolve(deps)], fn: ([module]) => callback?.(module) });
		} else if (Array.isArray(deps) && deps.every((dep) => typeof dep === "string")) {
			this.#state.callbacks.push({ deps: deps.map(resolve), fn: (modules) => callback?.(modules) });
		} else {
			throw new Error(HOT_ACCEPT_USAGE_ERROR);
		}
		this.#client.registered(this.ownerId);
	}

	/**
	 * Self-accept when only `names` changed. The kernel knows which exports changed and sends
	 * a "self" update only then, so on the client it is a plain self-accept.
	 * @param {string | string[]} names @param {(module: any) => unknown} [callback]
	 */
	acceptExports(names, callback) {
		const list = typeof names === "string" ? [names] : names;
		if (!Array.isArray(list) || !list.every((name) => typeof name === "string")) throw new Error(HOT_ACCEPT_USAGE_ERROR);
		this.#state.callbacks.push({ deps: [this.ownerId], fn: ([module]) => callback?.(module), exports: [...list] });
		this.#client.registered(this.ownerId);
	}

	/** @param {DataCallback} callback runs before the next version initializes */
	dispose(callback) {
		this.#state.disposers.push(callback);
	}

	/** @param {DataCallback} callback runs (after dispose) when the module is no longer imported */
	prune(callback) {
		this.#state.pruners.push(callback);
	}

	/** @param {string} [message] ask the kernel to propagate this update to the importers */
	invalidate(message) {
		this.#client.invalidate(this.ownerId, message);
	}

	/** Vite's API has it; nbbundle has nothing to decline. */
	decline() {}

	/** @param {string} event @param {DataCallback} callback */
	on(event, callback) {
		this.#state.listeners.set(event, [...(this.#state.listeners.get(event) ?? []), callback]);
	}

	/** @param {string} event @param {DataCallback} callback */
	off(event, callback) {
		const listeners = (this.#state.listeners.get(event) ?? []).filter((listener) => listener !== callback);
		if (listeners.length > 0) this.#state.listeners.set(event, listeners);
		else this.#state.listeners.delete(event);
	}

	/** @param {string} event @param {unknown} [data] to the kernel's Python callbacks */
	send(event, data) {
		this.#client.send({ type: "custom", event, data });
	}
}

