// The HMR client of one view: `import.meta.hot` (HotContext) and the update pipeline
// (HmrClient), after Vite's HMRContext/HMRClient (seed 003). Where Vite has known bugs
// (HMR-RESEARCH.md (d)) this follows the fix: callbacks are collected before any cache is
// evicted, every module about to be re-executed is disposed (not only the accepted one),
// prune runs after dispose and drops `data`, a new version's context drops the old version's
// callbacks and listeners, and updates are applied one at a time in the order they arrived.
//
// The kernel decides *what* to re-execute (`updates[].chain`, from its module graph); this file
// only does it, in Vite's order, against the view's own module system.
//
// Over 400 lines on purpose: the update pipeline (queue, dispose, re-run the chains, accept,
// prune, report what ran and failed) is one ordered algorithm, and its steps share the state of
// one update; split across files its order, which is the point, could no longer be read at once.

import { HotContext } from "./hot-context.js";

/** @typedef {import("./module-system.js").ModuleSystem} ModuleSystem */
/** @typedef {import("./module.js").ModuleInitialization} ModuleInitialization */
/** @typedef {(data: any) => unknown} DataCallback */
/** An accept callback: `fn` gets one entry per dep, the new namespace at the updated one;
 * `exports` is set for `acceptExports(names)` (a self-accept of those exports only).
 * @typedef {{ deps: string[], fn: (modules: any[]) => unknown, exports?: string[] }} HotCallback */
/** What the current instance of a module registered, plus `data`, which outlives instances.
 * @typedef {{ data: Record<string, any>, callbacks: HotCallback[], disposers: DataCallback[], pruners: DataCallback[], listeners: Map<string, DataCallback[]> }} HotState */
/** One boundary of an update (the kernel's `update`, kernel/messages.py): `chain` runs again,
 * from a changed module up to `acceptedVia`, which is re-imported; `boundary`'s callbacks get it.
 * @typedef {import("./protocol.js").BoundaryMessage} HotUpdate */
/** The kernel's `update` message, `modules` already evaluated to init functions by the widget.
 * @typedef {Omit<Partial<import("./protocol.js").UpdateMessage>, "modules" | "type"> & { version: number, modules?: Record<string, ModuleInitialization> }} UpdateMessage */
/** Where a view failed, and what it runs after an update (the protocol's types).
 * @typedef {import("./protocol.js").ErrorPhase} ErrorPhase
 * @typedef {import("./protocol.js").ViewError} ViewError
 * @typedef {import("./protocol.js").Running} Running */
/** What the widget does for the client: `remount(reason)` starts again from the synced state;
 * `remountEntry()` re-imports the entry and renders it into the same element; `describeError`
 * turns a thrown value into a `ViewError`; `runningAfter` may correct what runs after a failed
 * update (the entry's host knows whether a failed render was rolled back).
 * @typedef {{ remount: (reason: string) => void | Promise<void>, remountEntry: () => Promise<void>, reportError: (error: unknown, moduleId: string, phase: ErrorPhase) => void, clearError: () => void, describeError?: (error: unknown, moduleId: string, phase: ErrorPhase) => ViewError, runningAfter?: (errors: ViewError[], running: Running) => Running }} HmrHost */
/** @typedef {Pick<Console, "error" | "warn" | "debug">} HmrLogger */

/**
 * Applies the kernel's updates to one view's module system. Construct it before the entry is
 * required: it taps `hooks.create`, which the module system seals once the entry ran.
 */
export class HmrClient {
	/** @type {Map<string, HotState>} module id → hot state of its current instance */
	#states = new Map();
	/** @type {Promise<unknown>} the tail of the update queue */
	#queue = Promise.resolve();
	/** @type {string | null} while an update's callbacks run (Vite's currentFirstInvalidatedBy) */
	#firstInvalidatedBy = null;
	/** ids already reported to the kernel, and those waiting for the next report; ids whose
	 * `import.meta.hot` registrations changed since the last one. A report rides on the
	 * `applied` (or `ready`) of the update (or mount) that ran them, else it is an `executed`
	 * message of its own at the next macrotask (a lazy `import()`, a registration made later). */
	#reported = new Set();
	#pending = new Set();
	#registrations = new Set();
	/** @type {ReturnType<typeof setTimeout> | null} */
	#timer = null;
	#disposed = false;
	/** @type {(message: object) => void} */
	#transport;
	/** The version of the last update this client applied (or the one the view mounted). */
	version = -1;
	/** @type {HmrLogger} */
	#logger;

	/** @param {{ moduleSystem: ModuleSystem, send: (message: object) => void, host: HmrHost, logger?: HmrLogger }} options */
	constructor({ moduleSystem, send, host, logger = console }) {
		this.moduleSystem = moduleSystem;
		this.host = host;
		this.#transport = send;
		this.#logger = logger;
		moduleSystem.hooks.create.tap((module) => {
			module.meta.hot = new HotContext(this, module.id);
			this.#markExecuted(module.id);
			return module;
		});
	}

	/**
	 * A fresh hot state for a new instance of `ownerId` (HotContext calls it): the callbacks and
	 * listeners of the previous instance are dropped, its `data` object is kept.
	 * @param {string} ownerId @returns {HotState}
	 */
	resetHotState(ownerId) {
		const data = this.#states.get(ownerId)?.data ?? {};
		/** @type {HotState} */
		const state = { data, callbacks: [], disposers: [], pruners: [], listeners: new Map() };
		this.#states.set(ownerId, state);
		return state;
	}

	/** @param {object} message to the kernel */
	send(message) {
		try {
			this.#transport(message);
		} catch (error) {
			this.#logger.error("[nbbundle] could not send a message to the kernel:", error);
		}
	}

	/** A module registered an accept callback: the kernel learns it with the next batch. @param {string} ownerId */
	registered(ownerId) {
		if (this.#disposed) return;
		this.#registrations.add(ownerId);
		this.#schedule();
	}

	/**
	 * What `ownerId`'s current instance registered: the kernel's boundaries come from this, not
	 * from the text (an `accept()` that never ran registers nothing).
	 * @param {string} ownerId @returns {{ self: boolean, deps: string[], exports: string[] | null }}
	 */
	hotFacts(ownerId) {
		const callbacks = this.#states.get(ownerId)?.callbacks ?? [];
		const deps = new Set();
		let self = false;
		/** @type {Set<string> | null} */
		let exports = null;
		for (const callback of callbacks) {
			if (callback.exports) {
				exports ??= new Set();
				for (const name of callback.exports) exports.add(name);
				continue;
			}
			for (const dep of callback.deps) {
				if (dep === ownerId) self = true;
				else deps.add(dep);
			}
		}
		return { self, deps: [...deps], exports: exports && [...exports] };
	}

	/** @param {string} ownerId @param {string} [message] */
	invalidate(ownerId, message) {
		this.#logger.debug(`[nbbundle] invalidate ${ownerId}${message ? `: ${message}` : ""}`);
		// Inside the callbacks of an update caused by an invalidate, pass its origin on: the
		// kernel stops a loop of invalidating modules when the origin comes back (Vite #16709).
		const firstInvalidatedBy = this.#firstInvalidatedBy ?? ownerId;
		this.send({ type: "invalidate", version: this.version, id: ownerId, message: message ?? null, firstInvalidatedBy });
	}

	/** A `custom` message from the kernel: call every module's `hot.on(event)` listeners. @param {string} event @param {unknown} [data] */
	async dispatch(event, data) {
		const calls = [];
		for (const [id, state] of this.#states) {
			for (const listener of state.listeners.get(event) ?? []) calls.push(this.#call(listener, [data], id, `hot.on("${event}") listener of ${id}`, "listener"));
		}
		await Promise.all(calls);
	}

	/** Queue an update: it starts once every earlier update ended, failed or not. @param {UpdateMessage} message @returns {Promise<void>} */
	applyUpdate(message) {
		const applied = this.#queue.then(() => this.#apply(message));
		this.#queue = applied.catch(() => {});
		return applied;
	}

	/**
	 * Run the dispose callbacks of every module (before a full remount), with `prune` also the
	 * prune callbacks (the view goes away). The client applies nothing afterwards.
	 * @param {{ prune?: boolean }} [options]
	 */
	async dispose({ prune = false } = {}) {
		this.#disposed = true;
		if (this.#timer !== null) clearTimeout(this.#timer);
		const states = [...this.#states];
		this.#states.clear();
		for (const [id, state] of states) {
			await this.#runAll(state.disposers, state.data, id, "dispose");
			if (!prune) continue;
			await this.#runAll(state.pruners, state.data, id, "prune");
		}
	}

	/** @param {UpdateMessage} message */
	async #apply(message) {
		if (this.#disposed) return;
		try {
			await this.#applyUpdate(message);
		} finally {
			this.#errors = null;
		}
	}

	/**
	 * Start again from the synced state (a mount reports for itself, in `ready`).
	 * @param {string} reason
	 */
	async #remount(reason) {
		this.#errors = null;
		await this.host.remount(reason);
	}

	/** @param {UpdateMessage} message */
	async #applyUpdate(message) {
		const started = performance.now();
		const ms = this.moduleSystem;
		/** @type {ViewError[]} what failed in this update, in order */
		const errors = (this.#errors = []);
		for (const [id, init] of Object.entries(message.modules ?? {})) ms.update(id, init);
		this.version = message.version;
		if (typeof message.reload === "string") return await this.#remount(message.reload);
		// Collect before evicting: a re-executed module gets a new context, which drops the
		// callbacks about to be called.
		const jobs = [];
		for (const update of message.updates ?? []) {
			if (update.kind !== "entry" && !ms.cacheMap.has(update.boundary)) {
				// Never ran in this view, so nothing here holds the old version (Vite #721).
				this.#logger.debug(`[nbbundle] skipped ${update.acceptedVia}: ${update.boundary} never ran in this view`);
				continue;
			}
			const registered = update.kind === "entry" ? [] : (this.#states.get(update.boundary)?.callbacks ?? []);
			const callbacks = registered.filter((callback) => callback.deps.includes(update.acceptedVia));
			if (update.kind !== "entry" && callbacks.length === 0) {
				// The kernel's graph says boundary, but nothing here registered the callback (an
				// accept() that did not run in this view): only a remount brings the new code in.
				return await this.#remount(`${update.boundary} registered no hot.accept() of ${update.acceptedVia} in this view`);
			}
			jobs.push({ update, callbacks });
		}
		// Dispose every module that runs again (webpack's set, not only Vite's accepted one),
		// all before the first new version initializes.
		const evicted = new Set();
		for (const { update } of jobs) {
			for (const id of [...update.chain, update.acceptedVia]) {
				if (evicted.has(id) || !ms.cacheMap.has(id)) continue;
				evicted.add(id);
				const state = this.#states.get(id);
				if (state) await this.#runAll(state.disposers, state.data, id, "dispose");
				ms.deleteCache(id);
			}
		}
		for (const { update, callbacks } of jobs) {
			// A remount rebuilds everything from the synced state, which has this version.
			if ((await this.#runUpdate(update, callbacks, message)) === "remounted") return;
		}
		for (const id of message.removed ?? []) await this.#prune(id);
		if (errors.length === 0) this.host.clearError();
		const running = this.host.runningAfter?.(errors, runningAfter(errors)) ?? runningAfter(errors);
		this.#errors = null;
		this.send({ type: "applied", version: message.version, ms: Math.round(performance.now() - started), errors, running,
			...this.takeExecuted() });
	}

	/**
	 * @param {HotUpdate} update @param {HotCallback[]} callbacks @param {UpdateMessage} message
	 * @returns {Promise<"ok" | "failed" | "remounted">}
	 */
	async #runUpdate(update, callbacks, message) {
		let ok = true;
		try {
			if (update.kind === "entry") {
				// The host reports what fails in it (the entry's import or its render).
				await this.host.remountEntry();
			} else {
				const namespace = await this.moduleSystem.import(update.acceptedVia);
				this.#firstInvalidatedBy = message.firstInvalidatedBy ?? null;
				for (const { deps, fn } of callbacks) {
					const modules = deps.map((dep) => (dep === update.acceptedVia ? namespace : undefined));
					ok = (await this.#call(fn, [modules], update.boundary, `hot.accept() callback of ${update.boundary}`, "accept")) && ok;
				}
			}
		} catch (error) {
			if (update.kind !== "entry") {
				const id = this.#failedModule(update, message) ?? update.acceptedVia;
				this.#report(error, id, `hot update of ${id}`, "init");
			}
			ok = false;
		} finally {
			this.#firstInvalidatedBy = null;
		}
		if (ok) return "ok";
		// Re-executing inside an import cycle leaves half-initialized modules behind when it
		// fails (HMR-RESEARCH.md (d) 1): start again instead, as Vite reloads.
		if (!update.isWithinCircularImport) return "failed";
		await this.#remount("circular import");
		return "remounted";
	}

	/**
	 * A re-executed (or new) module of the update that threw while initializing: the one to
	 * blame when an import fails. @param {HotUpdate} update @param {UpdateMessage} message
	 */
	#failedModule(update, message) {
		const candidates = [...update.chain, update.acceptedVia, ...Object.keys(message.modules ?? {})];
		return candidates.find((id) => this.moduleSystem.getModuleState(id) === "failed");
	}

	/** dispose → prune (both with `data`; a CSS module's prune removes its style), then forget it. @param {string} id */
	async #prune(id) {
		const state = this.#states.get(id);
		if (state) {
			// A callback that throws is reported (phase dispose or prune); the others still run.
			await this.#runAll(state.disposers, state.data, id, "dispose");
			await this.#runAll(state.pruners, state.data, id, "prune");
		}
		// Dropped after prune (Vite PR #23002): a module added again starts with fresh data.
		this.#states.delete(id);
		this.moduleSystem.delete(id);
		this.#reported.delete(id);
		this.#pending.delete(id);
		this.#registrations.delete(id);
	}

	/**
	 * Every callback in order, each error reported (none stops the others).
	 * @param {DataCallback[]} callbacks @param {Record<string, any>} data @param {string} id @param {"dispose" | "prune"} kind
	 */
	async #runAll(callbacks, data, id, kind) {
		for (const callback of callbacks) await this.#call(callback, [data], id, `hot.${kind}() callback of ${id}`, kind);
	}

	/**
	 * Call user code of module `id`: an error is logged and shown, never swallowed, and never
	 * stops the update. Resolves to whether it succeeded.
	 * @param {(...args: any[]) => unknown} fn @param {unknown[]} args @param {string} id @param {string} what @param {ErrorPhase} phase
	 */
	async #call(fn, args, id, what, phase) {
		try {
			await fn(...args);
			return true;
		} catch (error) {
			this.#report(error, id, what, phase);
			return false;
		}
	}

	/** @type {ViewError[] | null} the errors of the update being applied */
	#errors = null;

	/** Whether an update is being applied now (its errors go into its `applied` message). */
	get updating() {
		return this.#errors !== null;
	}

	/**
	 * The host's own error during an update (the entry's import or render): counted like the
	 * client's. @param {unknown} error @param {string} id @param {ErrorPhase} phase
	 */
	report(error, id, phase) {
		this.#report(error, id, `${phase} of ${id}`, phase);
	}

	/** @param {unknown} error @param {string} id @param {string} what @param {ErrorPhase} phase */
	#report(error, id, what, phase) {
		this.#logger.error(`[nbbundle] ${what} failed:`, error);
		const described = this.host.describeError?.(error, id, phase) ?? describeError(error, id, phase);
		this.#errors?.push(described);
		try {
			this.host.reportError(error, id, phase);
		} catch (hostError) {
			this.#logger.error("[nbbundle] host.reportError failed:", hostError);
		}
	}

	/**
	 * Count a new instance as executed and tell the kernel once per batch: the first render
	 * creates every module in one synchronous run, which becomes one message. @param {string} id
	 */
	#markExecuted(id) {
		if (this.#disposed) return;
		if (!this.#reported.has(id)) this.#pending.add(id);
		// A new instance starts with no registrations: the kernel must hear that too.
		this.#registrations.add(id);
		this.#schedule();
	}

	#schedule() {
		this.#timer ??= setTimeout(() => {
			this.#timer = null;
			if (this.#disposed) return;
			const { executed, hot } = this.takeExecuted();
			if (executed.length > 0 || Object.keys(hot).length > 0) this.send({ type: "executed", ids: executed, hot });
		}, 0);
	}

	/**
	 * What ran and what it registered since the last report, for the `applied` or `ready` that
	 * ends the update or mount which ran it: one message per update instead of two (the kernel
	 * keeps a signature of every message it receives). Nothing is held back: whatever a
	 * macrotask boundary inside an update let the timer send already went as `executed`.
	 * @returns {{ executed: string[], hot: Record<string, { self: boolean, deps: string[], exports: string[] | null }> }}
	 */
	takeExecuted() {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
		const executed = [...this.#pending];
		this.#pending.clear();
		for (const id of executed) this.#reported.add(id);
		/** @type {Record<string, { self: boolean, deps: string[], exports: string[] | null }>} */
		const hot = {};
		for (const id of this.#registrations) if (this.moduleSystem.cacheMap.has(id)) hot[id] = this.hotFacts(id);
		this.#registrations.clear();
		return { executed, hot };
	}
}

/**
 * A thrown value as a `ViewError` without a stack reader (the widget's host reads stacks).
 * @param {unknown} error @param {string} id @param {ErrorPhase} phase @returns {ViewError}
 */
function describeError(error, id, phase) {
	const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	return { phase, id, line: null, column: null, revision: null, message };
}

/**
 * What a view runs after an update with `errors`, as far as the client knows: a new version
 * that threw at its top level never reached the callbacks (what was drawn stays); a callback
 * that threw may have stopped half way; failed dispose or prune callbacks leave the new version.
 * @param {ViewError[]} errors @returns {Running}
 */
export function runningAfter(errors) {
	const phases = new Set(errors.map((error) => error.phase));
	if (phases.has("accept") || phases.has("render")) return "mixed";
	if (phases.has("init") || phases.has("evaluate")) return "previous";
	return "current";
}
