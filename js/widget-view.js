// One view of an nbbundle widget: its own module system, its mount, the kernel's messages
// applied in order, what it tells the kernel (hello, ready, applied, alive, closed; ready and
// applied carry what ran and what it registered with `import.meta.hot`), the overlay,
// and the roll-back to the last render that worked. `widget.js` creates one per `render`.
// Over 400 lines on purpose: one view's lifecycle (mount, update, resync, roll-back, close)
// shares its state; the protocol, the overlay and the HMR client are their own files.

import { createModuleSystem } from "./module-system.js";
import { HmrClient, runningAfter } from "./hmr-client.js";
import { clearOverlay, locateError, showDisconnected, showOverlay } from "./overlay.js";
import { styleRootOf } from "./styles.js";
import { evaluateModule } from "./view-code.js";

/** @typedef {import("./protocol.js").BundleState} BundleState */
/** @typedef {import("./protocol.js").ViewError} ViewError */
/** @typedef {import("./hmr-client.js").ErrorPhase} ErrorPhase */
/** @typedef {import("./hmr-client.js").Running} Running */
/** @typedef {{ get(key: string): any, set(key: string, value: any): void, send(message: any): void, on(event: string, fn: Function): void, off(event: string, fn?: Function): void }} WidgetModel */

let viewCounter = 0;

/** A clean update's report waits for this long a pause in updates (`WidgetView.send`); the
 * kernel refreshes the status line REFRESH_S (150 ms) after it, so ✓ shows about 0.25 s after
 * the change. */
export const REPORT_QUIET_MS = 100;
/** ... but no longer than this, nor for more than this many updates (a stream of them). */
export const REPORT_HOLD_MAX_MS = 1000;
export const REPORT_HOLD_COUNT = 16;

export class WidgetView {
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
		const random = Math.random().toString(36).slice(2, 10).padEnd(8, "0");
		this.id = `v${++viewCounter}-${random}`;
		this.name = `__nbbundle_view_${viewCounter}_${random}__`;
		/** Where this view's CSS modules put their `<style>` (its shadow root, if it has one). */
		this.styleRoot = styleRootOf(el);
		this.version = -1;
		/** @type {any} */
		this.moduleSystem = null;
		/** @type {HmrClient | null} */
		this.client = null;
		/** @type {(() => unknown) | null} the app's render cleanup, and the listeners it added */
		this.cleanup = null;
		/** @type {(() => unknown) | null} the app's initialize cleanup, and the listeners it added */
		this.initializeCleanup = null;
		/** @type {string | null} the code of the `initialize` that ran in this view (null: none) */
		this.initializedWith = null;
		/** The entry definition that last rendered without throwing: a failed render rolls back to it. */
		this.lastGood = null;
		/** @type {Running} what this view runs now (the overlay says it, the kernel hears it) */
		this.running = "none";
		/** @type {Running | null} set while an entry update decides it (render rolled back or not) */
		this.entryRunning = null;
		/** @type {ViewError[] | null} errors of the mount in progress */
		this.mountErrors = null;
		this.disconnected = false;
		/** @type {ReturnType<typeof setInterval> | null} */
		this.heartbeat = null;
		/** Messages wait for the mount in progress, then apply in order. */
		this.queue = Promise.resolve();
		/** @type {object[]} clean `applied` reports waiting for updates to pause (`send`) */
		this.heldReports = [];
		/** @type {number | null} when the oldest held report was made */
		this.heldSince = null;
		/** @type {ReturnType<typeof setTimeout> | null} */
		this.reportTimer = null;
	}

	get entry() {
		return /** @type {BundleState} */ (this.model.get("_bundle")).entry;
	}

	/**
	 * To the kernel, from this view. The report of an update that applied cleanly waits until
	 * updates pause (`REPORT_QUIET_MS`): sent at once, it reaches the kernel as the next cell
	 * run (a quick re-run, a slider calling `nbbundle.data`) is on its way, and the kernel's
	 * answer (its busy and idle) shares the wire and both processes with that run's update.
	 * Any other message (an error to frame, `closed`) goes at once, after the reports held
	 * before it, so the kernel hears everything in order.
	 * @param {object} message
	 */
	send(message) {
		if (this.disconnected) return;
		const report = /** @type {any} */ (message);
		if (report.type === "applied" && report.errors?.length === 0) {
			this.holdReport(report);
			return;
		}
		this.sendHeldReports();
		this.post(message);
	}

	/** @param {object} report a clean `applied` */
	holdReport(report) {
		const now = Date.now();
		this.heldSince ??= now;
		this.heldReports.push(report);
		if (this.reportTimer !== null) clearTimeout(this.reportTimer);
		this.reportTimer = null;
		const waited = now - this.heldSince;
		if (this.heldReports.length >= REPORT_HOLD_COUNT || waited >= REPORT_HOLD_MAX_MS) {
			this.sendHeldReports();
			return;
		}
		this.reportTimer = setTimeout(() => this.sendHeldReports(), Math.min(REPORT_QUIET_MS, REPORT_HOLD_MAX_MS - waited));
		/** @type {any} */ (this.reportTimer).unref?.(); // node's tests must be able to exit
	}

	sendHeldReports() {
		if (this.reportTimer !== null) clearTimeout(this.reportTimer);
		this.reportTimer = null;
		this.heldSince = null;
		const held = this.heldReports;
		this.heldReports = [];
		for (const report of held) this.post(report);
	}

	/** @param {object} message */
	post(message) {
		// Only `send` checks `disconnected`: `disconnect` sends the held reports first, so none is left.
		try {
			this.model.send({ ...message, view: this.id });
		} catch (error) {
			console.warn("[nbbundle] could not reach the kernel:", error);
		}
	}

	/** Say `alive` as often as the kernel asks (the synced `_heartbeat_ms`, its views.HEARTBEAT_S). */
	startHeartbeat() {
		const period = this.model.get("_heartbeat_ms");
		if (this.disconnected || this.heartbeat !== null || !(period > 0)) return;
		this.heartbeat = setInterval(() => this.send({ type: "alive" }), period);
		/** @type {any} */ (this.heartbeat).unref?.(); // node's tests must be able to exit
	}

	/** Start (or start again) from the synced state: a new module system, then the entry. */
	async mount() {
		const started = performance.now();
		const bundle = /** @type {BundleState} */ (this.model.get("_bundle"));
		const errors = (this.mountErrors = /** @type {ViewError[]} */ ([]));
		this.version = bundle.version;
		this.running = "none";
		const moduleSystem = createModuleSystem({ stylePrefix: `${this.name}:`, styleRoot: this.styleRoot });
		// The RFC's acquisition function, under this view's own name.
		/** @type {any} */ (globalThis)[this.name] = () => moduleSystem;
		this.moduleSystem = moduleSystem;
		this.client = new HmrClient({ moduleSystem, send: (message) => this.send(message), host: this });
		this.client.version = bundle.version;
		for (const [id, code] of Object.entries(bundle.modules)) {
			try {
				moduleSystem.register(id, evaluateModule(id, code, bundle.version, bundle.maps?.[id]), "nbbundle:///");
			} catch (error) {
				this.reportError(error, id, "evaluate");
			}
		}
		if (bundle.error) showOverlay(this.root, bundle.error, this.note());
		if (!(this.entry in bundle.modules)) {
			this.showRemoved();
		} else {
			try {
				await this.renderEntry();
			} catch {
				// renderEntry reported it (and rolled back where it could)
			}
			this.running = this.entryRunning ?? "none";
			this.entryRunning = null;
		}
		this.mountErrors = null;
		this.send({ type: "ready", version: bundle.version, ms: Math.round(performance.now() - started), errors, running: this.running,
			...this.client.takeExecuted() });
	}

	showRemoved() {
		this.running = "none";
		this.app.replaceChildren();
		showOverlay(this.root, { message: `${this.entry} is not defined in the kernel any more`, id: this.entry, line: null, column: null,
			hint: `Define ${this.entry} again (run its %%module cell): this view comes back by itself.` }, "");
	}

	/**
	 * Import the entry and render it into the same element. The old render's cleanup runs only
	 * once the new entry has imported fine, so a version that fails to initialize never blanks
	 * the widget. A render that throws is reported and the last definition that rendered is
	 * rendered again (if that works, the view runs the previous version; else nothing). Throws:
	 * during an update the HMR client reports the error and keeps the overlay up.
	 */
	async renderEntry() {
		let namespace;
		try {
			namespace = await this.moduleSystem.import(this.entry);
		} catch (error) {
			// The new version did not get as far as replacing what is drawn.
			this.entryRunning = this.lastGood ? "previous" : "none";
			this.fail(error, locateError(error)?.id ?? this.entry, "init");
			throw error;
		}
		const definition = namespace.default && typeof namespace.default === "object" ? namespace.default : namespace;
		if (typeof definition.render !== "function") {
			const error = new Error(`${this.entry} exports no render({ model, el }) function (anywidget's entry convention)`);
			this.entryRunning = this.lastGood ? "previous" : "none";
			this.fail(error, this.entry, "entry");
			throw error;
		}
		try {
			await this.renderWith(definition);
			this.lastGood = definition;
			this.entryRunning = "current";
		} catch (error) {
			this.fail(error, locateError(error)?.id ?? this.entry, "render");
			this.entryRunning = await this.rollBack(definition);
			throw error;
		}
	}

	/**
	 * An error of the entry: part of the update being applied (the HMR client collects it),
	 * else of the mount or on its own.
	 * @param {unknown} error @param {string} moduleId @param {ErrorPhase} phase
	 */
	fail(error, moduleId, phase) {
		if (this.client?.updating) this.client.report(error, moduleId, phase);
		else this.reportError(error, moduleId, phase);
	}

	/**
	 * Render ``definition`` into the app's element, as anywidget does: `initialize` once, not
	 * at every render (a hot update re-renders), and again only when its code changed; the
	 * listeners `render` adds with `model.on` are removed before the next render, those of
	 * `initialize` with its cleanup.
	 * @param {any} definition
	 */
	async renderWith(definition) {
		await this.runCleanup();
		this.app.replaceChildren();
		const initialize = typeof definition.initialize === "function" ? definition.initialize : null;
		const code = initialize ? String(initialize) : null;
		if (code !== this.initializedWith) {
			await this.runInitializeCleanup();
			this.initializedWith = code;
			if (initialize) {
				const scoped = scopedModel(this.model);
				try {
					this.initializeCleanup = combineCleanups(scoped.release, await initialize.call(definition, { model: scoped.model }));
				} catch (error) {
					scoped.release();
					this.initializedWith = null; // the next render tries again
					throw error;
				}
			}
		}
		const scoped = scopedModel(this.model);
		try {
			// anywidget's { model, el }, plus this view's module system for apps that inspect it.
			const rendered = await definition.render({ model: scoped.model, el: this.app, moduleSystem: this.moduleSystem });
			this.cleanup = combineCleanups(scoped.release, rendered); // the app's cleanup runs first
		} catch (error) {
			scoped.release();
			throw error;
		}
	}

	/**
	 * A render threw: render the last definition that worked again, so the view keeps an app.
	 * @param {any} failed @returns {Promise<Running>}
	 */
	async rollBack(failed) {
		if (!this.lastGood || this.lastGood === failed) {
			this.app.replaceChildren();
			return "none";
		}
		try {
			await this.renderWith(this.lastGood);
			return "previous";
		} catch (error) {
			console.error("[nbbundle] the previous version could not render again either:", error);
			this.app.replaceChildren();
			return "none";
		}
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

	async runInitializeCleanup() {
		const cleanup = this.initializeCleanup;
		this.initializeCleanup = null;
		this.initializedWith = null;
		try {
			await cleanup?.();
		} catch (error) {
			console.warn("[nbbundle] error cleaning up the previous initialize.", error);
		}
	}

	/** HmrClient host: the entry is its own boundary. */
	remountEntry() {
		return this.renderEntry();
	}

	/**
	 * HmrClient host: what runs after a failed update; the entry's render knows best.
	 * @param {ViewError[]} errors @param {Running} running @returns {Running}
	 */
	runningAfter(errors, running) {
		const entry = this.entryRunning;
		this.entryRunning = null;
		this.running = entry === null || entry === "current" ? running : entry;
		if (errors.length > 0) this.refreshNote();
		return this.running;
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
		clearOverlay(this.root);
		await this.mount();
	}

	async teardown() {
		await this.runCleanup();
		await this.runInitializeCleanup();
		await this.client?.dispose();
		this.lastGood = null;
		delete (/** @type {any} */ (globalThis))[this.name];
		for (const style of this.styleRoot.querySelectorAll("style[data-nbbundle-id]")) {
			if (style.getAttribute("data-nbbundle-id")?.startsWith(`${this.name}:`)) style.remove();
		}
		this.app.replaceChildren();
	}

	/**
	 * HmrClient host: a thrown value as a ViewError, its place read from the stack.
	 * @param {unknown} error @param {string | null} moduleId @param {ErrorPhase} phase @returns {ViewError}
	 */
	describeError(error, moduleId, phase) {
		const where = locateError(error);
		const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		return { phase, id: where?.id ?? moduleId, line: where?.line ?? null, column: where?.column ?? null,
			revision: where?.revision ?? null, message };
	}

	/**
	 * Show the error now (the kernel answers with the code frame); during a mount it goes into
	 * the `ready` report, during an update the HMR client puts it into `applied`, otherwise it
	 * is a `runtime-error` of its own.
	 *
	 * @param {unknown} error
	 * @param {string | null} moduleId
	 * @param {ErrorPhase} phase
	 */
	reportError(error, moduleId, phase = "init") {
		const described = this.describeError(error, moduleId, phase);
		console.error(`[nbbundle] ${described.id ?? "app"}:`, error);
		showOverlay(this.root, described, this.note());
		if (this.mountErrors) this.mountErrors.push(described);
		else if (phase === "listener") this.send({ type: "runtime-error", error: described, running: this.running });
	}

	/** What the overlay says about what runs, from what this view knows. */
	note() {
		switch (this.running) {
			case "current":
				return "This view runs the last version that worked here. Fix the cell and run it again.";
			case "previous":
				return "The new version failed before it replaced anything: this view still shows what the previous version drew. Fix the cell and run it again.";
			case "mixed":
				return "A callback stopped part way: this view may show parts of both versions. Fix the cell and run it again.";
			default:
				return "The app is not running in this view. Fix the cell and run it again.";
		}
	}

	refreshNote() {
		const note = this.root.querySelector(":scope > .nbbundle-overlay")?.querySelector(".nbbundle-overlay-note");
		if (note) note.textContent = this.note();
	}

	clearError() {
		clearOverlay(this.root);
	}

	/** The kernel went away (restart, shutdown): say so, and stop talking to it. */
	disconnect() {
		if (this.disconnected) return;
		this.send({ type: "closed" });
		this.disconnected = true;
		if (this.heartbeat !== null) clearInterval(this.heartbeat);
		this.heartbeat = null;
		showDisconnected(this.root);
	}

	/** @param {any} message */
	receive(message) {
		if (this.disconnected) return;
		if (message?.view !== undefined && message.view !== this.id) return; // for another view
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
						modules[id] = evaluateModule(id, code, message.version, message.maps?.[id]);
					} catch (error) {
						// The browser rejected code the kernel accepted: keep running what runs.
						const errors = [this.describeError(error, id, "evaluate")];
						if (this.client) this.client.version = message.version;
						if (this.running !== "none") this.running = runningAfter(errors);
						showOverlay(this.root, errors[0], this.note());
						this.send({ type: "applied", version: message.version, ms: 0, errors, running: this.running,
							...(this.client?.takeExecuted() ?? { executed: [], hot: {} }) });
						return;
					}
				}
				await this.client?.applyUpdate({ ...message, modules });
				return;
			}
			case "error":
				if (message.view === undefined && message.version > this.version) {
					this.version = message.version;
					if (this.client) this.client.version = message.version;
				}
				showOverlay(this.root, message.error, this.note());
				return;
			case "custom":
				this.client?.dispatch(message.event, message.data);
				return;
			case "resync":
				// With a version: the kernel's answer to a view that mounted another version (a host
				// that replays the first state to a reloaded page); a view already there keeps running.
				if (typeof message.version === "number" && this.version >= message.version) return;
				await this.remount("resync");
				return;
			default:
				console.warn("[nbbundle] unknown message from the kernel", message);
		}
	}

	destroy() {
		this.sendHeldReports();
		if (this.heartbeat !== null) clearInterval(this.heartbeat);
		this.heartbeat = null;
		this.queue = this.queue.then(() => this.teardown());
	}
}

/**
 * The model as the app sees it: anywidget's, with the listeners added through it remembered
 * so that `release()` removes them all (anywidget scopes them to the view the same way).
 *
 * @param {WidgetModel} model
 * @returns {{ model: WidgetModel & { widget_manager?: unknown }, release: () => void }}
 */
function scopedModel(model) {
	/** @type {[string, Function][]} */
	let listeners = [];
	const scoped = {
		get: (/** @type {string} */ key) => model.get(key),
		set: (/** @type {string} */ key, /** @type {any} */ value) => model.set(key, value),
		save_changes: () => /** @type {any} */ (model).save_changes?.(),
		send: (/** @type {any[]} */ ...args) => /** @type {any} */ (model).send(...args),
		on(/** @type {string} */ event, /** @type {Function} */ fn) {
			listeners.push([event, fn]);
			model.on(event, fn);
		},
		off(/** @type {string | undefined} */ event, /** @type {Function | undefined} */ fn) {
			const gone = listeners.filter(([e, f]) => (event == null || e === event) && (fn == null || f === fn));
			listeners = listeners.filter((pair) => !gone.includes(pair));
			for (const [e, f] of gone) model.off(e, f);
			if (gone.length === 0 && event != null && fn != null) model.off(event, fn); // added some other way
		},
		get widget_manager() {
			return /** @type {any} */ (model).widget_manager;
		},
	};
	const release = () => scoped.off(undefined, undefined);
	return { model: scoped, release };
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
