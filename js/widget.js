// The anywidget front end of nbbundle (DESIGN.md contracts 5–7).
//
// `initialize({ model })` runs once per widget model: it receives the kernel's messages, keeps
// the model's synced `_bundle` current (so a view opened later, or a notebook saved and reopened
// without a kernel, shows the current version) and hands each message to the live views.
// `render({ model, el })` runs once per view: every view gets its own module system under its
// own acquisition name, so two views of one app never share module state.

import { createModuleSystem } from "./module-system.js";
import { HmrClient } from "./hmr-client.js";
import { clearOverlay, locateError, showOverlay } from "./overlay.js";

/** @typedef {{ entry: string, version: number, modules: Record<string, string>, error: any }} BundleState */
/** @typedef {{ get(key: string): any, set(key: string, value: any): void, send(message: any): void, on(event: string, fn: Function): void, off(event: string, fn?: Function): void }} WidgetModel */

let viewCounter = 0;

/**
 * Turn a module's init function text into a function. Indirect eval keeps the text's line
 * numbers (the compiler preserves the source's), and the sourceURL names the module in stack
 * traces and devtools: `at counter_js (nbbundle:///counter.js:4:11)`.
 *
 * @param {string} id
 * @param {string} code
 * @returns {import("./module.js").ModuleInitialization}
 */
function evaluateModule(id, code) {
	return (0, eval)(`(${code})\n//# sourceURL=nbbundle:///${id}`);
}

/**
 * @param {BundleState} bundle
 * @param {any} message an `update` or `error` message from the kernel
 * @returns {BundleState}
 */
function mergeBundle(bundle, message) {
	if (message.type === "error") return { ...bundle, version: message.version, error: message.error };
	const modules = { ...bundle.modules, ...message.modules };
	for (const id of message.removed ?? []) delete modules[id];
	return { ...bundle, version: message.version, modules, error: null };
}

// Each view subscribes to the kernel's messages itself: anywidget hands `initialize` and each
// `render` their own proxy of the model, so the model object is no key to find views by.

/** @param {{ model: WidgetModel }} context */
export function initialize({ model }) {
	/** @param {any} message */
	const onMessage = (message) => {
		if (message?.type === "update" || message?.type === "error") {
			const bundle = model.get("_bundle");
			if (message.version > bundle.version) model.set("_bundle", mergeBundle(bundle, message));
		}
	};
	model.on("msg:custom", onMessage);
	return () => model.off("msg:custom", onMessage);
}

/** @param {{ model: WidgetModel, el: HTMLElement }} context */
export async function render({ model, el }) {
	const view = new WidgetView(model, el);
	/** @param {any} message */
	const onMessage = (message) => view.receive(message);
	model.on("msg:custom", onMessage);
	// Messages that arrive while the view mounts wait in its queue for the mount to finish.
	view.queue = view.mount();
	await view.queue;
	model.send({ type: "ready", version: view.version });
	return () => {
		model.off("msg:custom", onMessage);
		view.destroy();
		model.send({ type: "closed" });
	};
}

class WidgetView {
	/**
	 * @param {WidgetModel} model
	 * @param {HTMLElement} el
	 */
	constructor(model, el) {
		this.model = model;
		this.root = el.ownerDocument.createElement("div");
		this.root.className = "nbbundle-root";
		this.app = el.ownerDocument.createElement("div");
		this.app.className = "nbbundle-app";
		this.root.append(this.app);
		el.append(this.root);
		this.name = `__nbbundle_view_${++viewCounter}_${Math.random().toString(36).slice(2, 8)}__`;
		/**
		 * Where this view's CSS modules put their `<style>`: hosts that render widgets in a shadow
		 * root (marimo) keep page styles out, so styles in `document.head` would not reach the app.
		 * @type {ParentNode}
		 */
		this.styleRoot = shadowRootOf(el) ?? el.ownerDocument.head;
		this.version = -1;
		/** @type {any} */
		this.moduleSystem = null;
		/** @type {HmrClient | null} */
		this.client = null;
		/** @type {(() => unknown) | null} */
		this.cleanup = null;
		/** Messages wait for the mount in progress, then apply in order. */
		this.queue = Promise.resolve();
	}

	get entry() {
		return /** @type {BundleState} */ (this.model.get("_bundle")).entry;
	}

	/** Start (or start again) from the synced state: a new module system, then the entry. */
	async mount() {
		const bundle = /** @type {BundleState} */ (this.model.get("_bundle"));
		this.version = bundle.version;
		const moduleSystem = createModuleSystem({ stylePrefix: `${this.name}:`, styleRoot: this.styleRoot });
		// The RFC's acquisition function, under this view's own name.
		/** @type {any} */ (globalThis)[this.name] = () => moduleSystem;
		this.moduleSystem = moduleSystem;
		this.client = new HmrClient({ moduleSystem, send: (message) => this.model.send(message), host: this });
		for (const [id, code] of Object.entries(bundle.modules)) {
			try {
				moduleSystem.register(id, evaluateModule(id, code), "nbbundle:///");
			} catch (error) {
				this.reportError(error, id);
			}
		}
		if (bundle.error) showOverlay(this.root, bundle.error);
		try {
			await this.renderEntry();
		} catch (error) {
			this.reportError(error, locateError(error)?.id ?? this.entry);
		}
	}

	/**
	 * Import the entry and render it into the same element. The old render's cleanup runs only
	 * once the new entry has imported fine, so a version that fails to initialize never blanks
	 * the widget. Throws: during an update the HMR client reports the error and keeps the
	 * overlay up.
	 */
	async renderEntry() {
		const namespace = await this.moduleSystem.import(this.entry);
		const definition = namespace.default && typeof namespace.default === "object" ? namespace.default : namespace;
		if (typeof definition.render !== "function") {
			throw new Error(`${this.entry} exports no render({ model, el }) function (anywidget's entry convention)`);
		}
		await this.runCleanup();
		this.app.replaceChildren();
		const initialized = await definition.initialize?.({ model: this.model });
		// anywidget's { model, el }, plus this view's module system for apps that inspect it.
		const rendered = await definition.render({ model: this.model, el: this.app, moduleSystem: this.moduleSystem });
		this.cleanup = combineCleanups(initialized, rendered);
	}

	async runCleanup() {
		const cleanup = this.cleanup;
		this.cleanup = null;
		try {
			await cleanup?.();
		} catch (error) {
			console.warn("[nbbundle] error cleaning up the previous render.", error);
		}
	}

	/** HmrClient host: the entry is its own boundary. */
	remountEntry() {
		return this.renderEntry();
	}

	/**
	 * HmrClient host: no boundary could take the update (or the view fell behind): throw the
	 * module system away and start again from the synced state. Never reloads the page.
	 *
	 * @param {string} reason
	 */
	async remount(reason) {
		console.info(`[nbbundle] remounting ${this.entry}: ${reason}`);
		await this.teardown();
		await this.mount();
	}

	async teardown() {
		await this.runCleanup();
		await this.client?.dispose();
		delete (/** @type {any} */ (globalThis))[this.name];
		for (const style of this.styleRoot.querySelectorAll("style[data-nbbundle-id]")) {
			if (style.getAttribute("data-nbbundle-id")?.startsWith(`${this.name}:`)) style.remove();
		}
		this.app.replaceChildren();
	}

	/**
	 * @param {unknown} error
	 * @param {string | null} moduleId
	 */
	reportError(error, moduleId) {
		const where = locateError(error);
		const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		const id = where?.id ?? moduleId;
		console.error(`[nbbundle] ${id ?? "app"}:`, error);
		showOverlay(this.root, { message, id, line: where?.line ?? null, column: where?.column ?? null });
		// The kernel has the source: it answers with an `error` message carrying the code frame.
		this.model.send({ type: "runtime-error", id, line: where?.line ?? null, column: where?.column ?? null, message });
	}

	clearError() {
		clearOverlay(this.root);
	}

	/** @param {any} message */
	receive(message) {
		this.queue = this.queue.then(() => this.handle(message)).catch((error) => console.error("[nbbundle]", error));
	}

	/** @param {any} message */
	async handle(message) {
		switch (message?.type) {
			case "update": {
				if (message.version <= this.version) return; // already in the state it mounted from
				if (message.version !== this.version + 1) {
					await this.remount(`missed an update (have ${this.version}, got ${message.version})`);
					return;
				}
				this.version = message.version;
				/** @type {Record<string, import("./module.js").ModuleInitialization>} */
				const modules = {};
				for (const [id, code] of Object.entries(message.modules ?? {})) {
					try {
						modules[id] = evaluateModule(id, code);
					} catch (error) {
						// The browser rejected code the kernel accepted: keep running the last good version.
						this.reportError(error, id);
						return;
					}
				}
				await this.client?.applyUpdate({ ...message, modules });
				return;
			}
			case "error":
				if (message.version > this.version) this.version = message.version;
				showOverlay(this.root, message.error);
				return;
			case "custom":
				this.client?.dispatch(message.event, message.data);
				return;
			case "resync":
				// The kernel's answer to a view that mounted an old version (or asked): a view
				// already at that version keeps running, with its state.
				if (typeof message.version === "number" && this.version >= message.version) return;
				await this.remount("resync");
				return;
			default:
				console.warn("[nbbundle] unknown message from the kernel", message);
		}
	}

	destroy() {
		this.queue = this.queue.then(() => this.teardown());
	}
}

/**
 * The shadow root `el` is rendered in, if any.
 *
 * @param {HTMLElement} el
 * @returns {ShadowRoot | null}
 */
function shadowRootOf(el) {
	const root = typeof el.getRootNode === "function" ? el.getRootNode() : null;
	return typeof ShadowRoot !== "undefined" && root instanceof ShadowRoot ? root : null;
}

/**
 * `initialize` and `render` may each return a cleanup function.
 *
 * @param {unknown} first
 * @param {unknown} second
 * @returns {(() => Promise<void>) | null}
 */
function combineCleanups(first, second) {
	const cleanups = [first, second].filter((value) => typeof value === "function");
	if (cleanups.length === 0) return null;
	return async () => {
		for (const cleanup of cleanups.reverse()) await /** @type {Function} */ (cleanup)();
	};
}
