// The page side of an exported site (nbbundle/site_export.py): install the module system with
// the site's loader strategy, then mount the entry the way the widget does.
//
// site_export.py concatenates this file and the runtime it imports into the site's `runtime.js`
// (runtime_prelude.py's rules: single-line relative imports, `export` declarations only, no
// top-level side effects) and ends it with `startSite(globalThis)`. The page runs it as a classic
// `<script>` before any resource, so resources find the acquisition function when they register.
//
// The page's configuration is JSON in `<script type="application/json" id="nbbundle-site">`:
// `{ entry, strategy: "modern" | "legacy", state, manifest, title }`.

import { installModuleSystem } from "./module-system.js";
import { ResourceLoader } from "./resource-loader.js";

/** The id of the page's configuration element. */
export const SITE_CONFIG_ID = "nbbundle-site";

/**
 * @typedef {object} SiteConfig
 * @property {string} entry the module to mount
 * @property {"modern" | "legacy"} strategy modern: async resources by `import(url)`; legacy: by an injected `<script>`
 * @property {Record<string, any>} state the local model's initial state (the widget's last synced state)
 * @property {import("./resource-loader.js").ResourceManifest} manifest resource URLs relative to the page
 */
/**
 * The widget model an app sees, without a kernel: anywidget's calls, Backbone-like events.
 * @typedef {object} LocalModel
 * @property {(name: string) => any} get
 * @property {(name: string | Record<string, any>, value?: any) => void} set
 * @property {(events: string, fn: Function, context?: any) => void} on
 * @property {(events?: string | null, fn?: Function | null) => void} off
 * @property {() => void} save_changes no kernel to save to
 * @property {(content: any, callbacks?: any, buffers?: any) => void} send no kernel to send to
 */

/**
 * Read the page's configuration, install the module system and mount the entry once the
 * document's resources have run (DOMContentLoaded comes after every module and deferred script).
 *
 * @param {any} global
 * @returns {{ moduleSystem: any, model: LocalModel, ready: Promise<void> }}
 */
export function startSite(global) {
	const doc = global.document;
	const element = doc.getElementById(SITE_CONFIG_ID);
	/** @type {SiteConfig} */
	const config = JSON.parse(element ? element.textContent : "{}");
	/** @type {string[]} */
	const failed = [];
	// Resource errors do not bubble; a capturing listener on the window sees them all.
	global.addEventListener(
		"error",
		(/** @type {Event} */ event) => {
			const target = /** @type {any} */ (event.target);
			if (target && (target.tagName === "SCRIPT" || target.tagName === "LINK")) failed.push(target.src || target.href);
		},
		true,
	);
	const moduleSystem = bootSite(global, config, doc.baseURI);
	const model = createLocalModel(config.state ?? {});
	const ready = new Promise((resolve) => {
		const run = () => resolve(mountSite(moduleSystem, config, model, doc.getElementById("nbbundle-app"), failed));
		if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", run, { once: true });
		else run();
	});
	const site = { moduleSystem, model, ready };
	global.__nbbundle_site__ = site;
	return site;
}

/**
 * Install the module system under the RFC's acquisition name, with a loader for the site's
 * strategy and the manifest's URLs made absolute (against the page, not the runtime script).
 *
 * @param {any} global
 * @param {SiteConfig} config
 * @param {string} base the page's base URL
 * @returns {any} the module system
 */
export function bootSite(global, config, base) {
	const loader = new ResourceLoader({ strategy: config.strategy === "legacy" ? "script" : "module" });
	const moduleSystem = installModuleSystem(global, { loader });
	/** @type {Record<string, any>} */
	const resources = {};
	for (const [name, resource] of Object.entries(config.manifest?.resources ?? {})) {
		resources[name] = resource.url ? { ...resource, url: new URL(resource.url, base).href } : resource;
	}
	moduleSystem.loader.addManifest({ modules: config.manifest?.modules ?? {}, resources });
	return moduleSystem;
}

/**
 * A model that holds the state in the page: `set` fires `change:NAME` and then `change` at once,
 * with Backbone's arguments (`model, value`), as the widget's model does before `save_changes`.
 *
 * @param {Record<string, any>} initial
 * @returns {LocalModel}
 */
export function createLocalModel(initial) {
	/** @type {Record<string, any>} */
	const state = Object.assign(Object.create(null), initial);
	/** @type {Map<string, Array<{ fn: Function, context: any }>>} */
	const listeners = new Map();
	/**
	 * @param {string} event
	 * @param {any[]} args
	 */
	const emit = (event, args) => {
		for (const { fn, context } of [...(listeners.get(event) ?? [])]) fn.apply(context, args);
	};
	/** @type {LocalModel} */
	const model = {
		get: (name) => state[name],
		set(name, value) {
			const changes = typeof name === "object" && name !== null ? name : { [name]: value };
			const changed = Object.keys(changes).filter((key) => !Object.is(state[key], changes[key]));
			for (const key of changed) state[key] = changes[key];
			for (const key of changed) emit(`change:${key}`, [model, state[key]]);
			if (changed.length > 0) emit("change", [model]);
		},
		on(events, fn, context) {
			for (const event of events.split(/\s+/).filter(Boolean)) {
				listeners.set(event, [...(listeners.get(event) ?? []), { fn, context }]);
			}
		},
		off(events, fn) {
			const names = events ? events.split(/\s+/).filter(Boolean) : [...listeners.keys()];
			for (const event of names) {
				const kept = fn ? (listeners.get(event) ?? []).filter((listener) => listener.fn !== fn) : [];
				if (kept.length > 0) listeners.set(event, kept);
				else listeners.delete(event);
			}
		},
		save_changes() {},
		send() {},
	};
	return model;
}

/**
 * Import the entry and render it like the widget: `definition = default (if an object) or the
 * namespace`, `initialize({ model })`, then `render({ model, el })`. An error is shown on the page.
 *
 * @param {any} moduleSystem
 * @param {SiteConfig} config
 * @param {LocalModel} model
 * @param {HTMLElement | null} container
 * @param {string[]} failed URLs of resources the page could not load
 * @returns {Promise<void>}
 */
export async function mountSite(moduleSystem, config, model, container, failed) {
	const doc = globalThis.document;
	const root = container ?? doc.body;
	const app = doc.createElement("div");
	app.className = "nbbundle-app";
	root.append(app);
	try {
		if (failed.length > 0) throw new Error(`Could not load ${failed.join(", ")}${fromDiskHint(doc, config)}`);
		const namespace = await moduleSystem.import(config.entry);
		const definition = namespace.default && typeof namespace.default === "object" ? namespace.default : namespace;
		if (typeof definition.render !== "function") {
			throw new Error(`${config.entry} exports no render({ model, el }) function (anywidget's entry convention)`);
		}
		await definition.initialize?.({ model });
		await definition.render({ model, el: app, moduleSystem });
	} catch (error) {
		console.error(`[nbbundle] ${config.entry}:`, error);
		showSiteError(root, config.entry, error);
	}
}

/**
 * Why a page opened from disk loads nothing, and what to do: browsers refuse ES module scripts
 * from `file://` pages (their origin is opaque), which is how the default export loads its
 * resources. Empty unless the page is a `file://` page of the modern strategy.
 *
 * @param {Document} doc
 * @param {{ strategy?: string }} config
 * @returns {string}
 */
export function fromDiskHint(doc, config) {
	if (doc.location?.protocol !== "file:" || config.strategy === "legacy") return "";
	return ("\n\nThis page was opened from disk, and browsers do not load ES module scripts from file:// pages. "
		+ "Serve its folder instead:\n  python -m http.server -d <this folder> 8000\nand open http://localhost:8000/ "
		+ "(or export with --legacy for a page that opens from disk).");
}

/**
 * @param {HTMLElement} root
 * @param {string} entry
 * @param {unknown} error
 * @returns {void}
 */
export function showSiteError(root, entry, error) {
	const box = root.ownerDocument.createElement("pre");
	box.className = "nbbundle-error";
	box.setAttribute("role", "alert");
	box.style.cssText = "color:#a8071a;background:#fff1f0;border:1px solid #ffa39e;padding:8px 12px;white-space:pre-wrap;font:13px ui-monospace,monospace";
	const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	box.textContent = `${entry} could not start.\n${message}`;
	root.prepend(box);
}
