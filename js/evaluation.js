// Module evaluation as ECMA-262 specifies it (16.2.1.5.3): Evaluate, InnerModuleEvaluation
// and the steps of async modules (ExecuteAsyncModule, AsyncModuleExecutionFulfilled with
// GatherAvailableAncestors, AsyncModuleExecutionRejected), over the instances of module.js.
// (Longer than most files: the spec's algorithm reads best in one piece, step by step.)
//
// Before a module first evaluates, the graph it reaches is instantiated (instantiation.js): a
// compiled init is a generator that stopped at its instantiation `yield`, its exports defined
// and its functions hoisted; evaluating it resumes it from there.
//
// The depth-first walk runs through the init functions: a module's prologue asks for its
// dependencies (`__nbb_require__(id)` in a sync module, `__nbb_require__.a(ids)` in an async
// one), so the walk enters each dependency from its importer, as the spec's loop over
// [[RequestedModules]] does. A module that may have to wait is a generator function
// (ARCHITECTURE.md, the init-function contract): its prologue ends with
// `if (__nbb_require__.a(ids)) yield;`, which stops it after its dependencies when one of them is
// still running, and this file resumes it when the spec says its body runs, synchronously, in
// the same job as the dependency that finished (so a sync importer of one waiter runs before
// the next waiter, as the spec's sorted list says). A module with top-level await is a
// generator too, with each `await x` compiled to `yield x`: the driver below awaits `x` for it
// with the engine's own promise steps, so each await costs the ticks a native `await` costs,
// and its body can start in the middle of another module's job as the spec requires. (A module
// with a top-level `for await` keeps native awaits in an `async function*`; see `#start`.)
//
// Over 400 lines on purpose: it is one algorithm of the spec, written step for step beside its
// text (the steps name each other and share the walk's stack and indexes), so it stays whole.

import { instantiate } from "./instantiation.js";

/** @typedef {import("./module.js").Module} Module */

/**
 * What the evaluation needs from the module system.
 * @typedef {object} EvaluationHost
 * @property {(module: Module) => import("./module.js").ModuleInitialization | undefined} registeredInit the init function, without running any hook
 * @property {(module: Module) => import("./module.js").ModuleInitialization} initOf the init function; runs the `initialize` hook (may throw: the module has not started)
 * @property {(module: Module, init: import("./module.js").ModuleInitialization) => unknown} call call the init with the contract's arguments
 * @property {(id: string, importer: Module) => Module} link the instance of a dependency (created if needed)
 * @property {(module: Module) => void} succeed the module finished without error
 * @property {(module: Module, error: unknown) => void} fail the module finished with `error`
 */

// The engine's own promise steps, taken before any module runs: `await` in a module keeps its
// native cost in ticks whatever a page does to `Promise.prototype.then` later.
const promiseResolve = Promise.resolve.bind(Promise);
const promiseThen = Promise.prototype.then;
const settledPromise = promiseResolve(undefined);

/** [[AsyncEvaluationOrder]] of a module whose async evaluation finished (the spec's "done"). */
const ASYNC_EVALUATION_DONE = -1;

/** @param {() => void} job run as one promise job from now, as a reaction to a settled promise is */
function inNextJob(job) {
	promiseThen.call(settledPromise, job);
}

function ignoreRejection() {}

/**
 * @typedef {{ promise: Promise<void>, resolve: (value: void) => void, reject: (error: unknown) => void }} Capability
 * @returns {Capability}
 */
function newCapability() {
	/** @type {any} */
	const capability = {};
	capability.promise = new Promise((resolve, reject) => {
		capability.resolve = resolve;
		capability.reject = reject;
	});
	return capability;
}

/**
 * @param {unknown} value what an init function returned
 * @returns {value is PromiseLike<unknown>}
 */
export function isThenable(value) {
	return value !== null && (typeof value === "object" || typeof value === "function") && typeof (/** @type {any} */ (value).then) === "function";
}

/**
 * @param {unknown} value what an init function returned
 * @returns {value is Generator | AsyncGenerator}
 */
export function isGenerator(value) {
	if (value === null || typeof value !== "object") return false;
	const tag = /** @type {any} */ (value)[Symbol.toStringTag];
	return (tag === "Generator" || tag === "AsyncGenerator") && typeof (/** @type {any} */ (value).next) === "function";
}

/**
 * An init evaluates its imports only after its instantiation `yield` (the contract): one that
 * asks for them before (a generator written by hand in the older form) would evaluate them in
 * the middle of the instantiation.
 *
 * @param {Module} importer
 */
function notLinking(importer) {
	if (importer.status === "linking") throw new TypeError(`[nbbundle] the init of ${importer.id} evaluates its imports before its instantiation yield`);
}

export class ModuleEvaluator {
	/** @type {Module[] | null} the stack of the Evaluate() running now, null between them */
	#stack = null;
	/** The next [[DFSIndex]] of the running Evaluate(). */
	#index = 0;
	/** The last [[AsyncEvaluationOrder]] handed out (the spec's module async evaluation count). */
	#asyncOrder = 0;

	/** @param {EvaluationHost} host */
	constructor(host) {
		this.host = host;
	}

	/**
	 * Evaluate(): evaluate `module` and what it imports, from outside any module.
	 *
	 * @param {Module} module
	 * @returns {Promise<void>} the [[TopLevelCapability]] of the module's cycle root
	 */
	evaluate(module) {
		if (module.status === "evaluating-async" || module.status === "evaluated") module = module.cycleRoot ?? module;
		if (module.capability !== null) return module.capability.promise;
		const capability = newCapability();
		module.capability = capability;
		/** @type {Module[]} */
		const stack = (this.#stack = []);
		this.#index = 0;
		try {
			this.#inner(module);
			if (!(module.asyncOrder > 0)) capability.resolve();
		} catch (error) {
			// Every module still on the stack failed with it (the thrower first, for the hook).
			for (let index = stack.length - 1; index >= 0; index--) this.#record(stack[index], error);
			capability.reject(error);
		} finally {
			this.#stack = null;
		}
		return capability.promise;
	}

	/**
	 * An import of `module` by `importer` (`__nbb_require__(id)`): InnerModuleEvaluation and
	 * what the importer's loop does after it, while an evaluation runs; outside one (a
	 * `require` called later, a host's `require`), an Evaluate() of its own that throws the
	 * module's error instead of rejecting.
	 *
	 * @param {Module | null} importer
	 * @param {Module} module
	 * @returns {Promise<void> | undefined} the capability, when this was an Evaluate() of its own
	 */
	require(importer, module) {
		if (importer !== null) notLinking(importer);
		if (this.#stack === null) return this.#evaluateNow(module);
		this.#inner(module);
		if (importer === null || importer.status !== "evaluating") return undefined;
		let required = module;
		if (module.status === "evaluating") {
			importer.dfsAncestorIndex = Math.min(importer.dfsAncestorIndex, module.dfsAncestorIndex);
		} else {
			required = module.cycleRoot ?? module;
			if (required.state === "failed") throw required.error;
		}
		// Only a generator in its `a()` can wait; any other ran on with what it found (an importer
		// the compiler did not know was async: a CommonJS `require`, an update of one module).
		if (required.asyncOrder > 0 && importer.phase === "waiting") {
			importer.pendingAsyncDependencies++;
			required.asyncParentModules.push(importer);
		}
		return undefined;
	}

	/**
	 * `__nbb_require__.a(ids, tla)`, the end of an async module's prologue: the imports in order,
	 * then step 12 of InnerModuleEvaluation. A dependency's error is kept for `#start` to throw
	 * (an `async function*` would turn a throw into a rejection).
	 *
	 * @param {Module} importer
	 * @param {ReadonlyArray<string>} ids
	 * @param {unknown} tla whether the module has top-level await ([[HasTLA]])
	 * @returns {boolean} whether it must wait (the prologue then yields)
	 */
	requireAll(importer, ids, tla) {
		notLinking(importer);
		importer.hasTLA = Boolean(tla);
		importer.phase = "waiting";
		if (importer.dependencyError !== null) return true;
		try {
			for (const id of ids) this.require(importer, this.host.link(id, importer));
		} catch (error) {
			importer.dependencyError = { error };
			return true;
		}
		if (importer.pendingAsyncDependencies > 0 || importer.hasTLA) {
			importer.asyncOrder = ++this.#asyncOrder;
			if (importer.pendingAsyncDependencies > 0) return true;
		}
		importer.phase = "body";
		return false;
	}

	/**
	 * InnerModuleEvaluation(module): the spec's index and stack are this object's.
	 *
	 * @param {Module} module
	 */
	#inner(module) {
		const status = module.status;
		if (status === "evaluating-async" || status === "evaluated") {
			if (module.state === "failed") throw module.error;
			return;
		}
		if (status === "evaluating") return;
		if (status === "unlinked") instantiate(module, this.host);
		// A compiled init waits at its instantiation yield; any other is called now.
		const instantiated = module.generator;
		const init = instantiated === null ? this.host.initOf(module) : null;
		const stack = /** @type {Module[]} */ (this.#stack);
		module.status = "evaluating";
		module.dfsIndex = module.dfsAncestorIndex = this.#index++;
		module.pendingAsyncDependencies = 0;
		stack.push(module);
		try {
			const result = instantiated ?? this.host.call(module, /** @type {import("./module.js").ModuleInitialization} */ (init));
			if (isGenerator(result)) this.#start(module, result);
			else if (isThenable(result)) this.#awaitInit(module, result);
		} catch (error) {
			this.#failFrom(module, error);
			throw error;
		}
		if (module.dfsAncestorIndex === module.dfsIndex) {
			// The root of a strongly connected component: its members are done together.
			for (;;) {
				const member = /** @type {Module} */ (stack.pop());
				member.cycleRoot = module;
				if (member.asyncOrder > 0) {
					member.status = "evaluating-async";
				} else {
					member.status = "evaluated";
					this.host.succeed(member);
				}
				if (member === module) break;
			}
		}
	}

	/**
	 * An init that returned a promise: an `async function` registered by hand, the RFC's form of
	 * a module with top-level await (the compiler's are generators). Its body is running; the
	 * module is async, done when the promise settles.
	 *
	 * @param {Module} module
	 * @param {PromiseLike<unknown>} promise
	 */
	#awaitInit(module, promise) {
		module.hasTLA = true;
		module.native = true;
		module.phase = "body";
		module.asyncOrder = ++this.#asyncOrder;
		promiseThen.call(promiseResolve(promise), () => this.#fulfilled(module), (error) => this.#rejected(module, error));
	}

	/**
	 * `module` threw: it fails now, with the members of its cycle above it on the stack, so the
	 * failed state is final even when the importer catches the error (a CommonJS `try {
	 * require(…) }`, a module registered by hand): a second `require` rethrows it, never runs
	 * the init again. Where the error goes on up, each importer fails the same way (the spec's
	 * Evaluate marks the whole stack).
	 *
	 * @param {Module} module
	 * @param {unknown} error
	 */
	#failFrom(module, error) {
		const stack = /** @type {Module[]} */ (this.#stack);
		const at = stack.lastIndexOf(module);
		if (at < 0) return;
		const failed = stack.splice(at);
		// The thrower first, for the `error` hook; then the others, innermost first.
		this.#record(module, error);
		for (let index = failed.length - 1; index > 0; index--) this.#record(failed[index], error);
	}

	/**
	 * Run a generator init's imports (and its body when it need not wait), from its
	 * instantiation yield (an `async function*`: from its start): ExecuteModule, or the start
	 * of ExecuteAsyncModule.
	 *
	 * @param {Module} module
	 * @param {Generator | AsyncGenerator} generator
	 */
	#start(module, generator) {
		module.generator = generator;
		module.native = /** @type {any} */ (generator)[Symbol.toStringTag] === "AsyncGenerator";
		/** @type {any} */
		let step;
		try {
			step = generator.next();
		} catch (error) {
			// A body with top-level await that throws before its first await rejects, later.
			if (module.phase !== "body" || !module.hasTLA) throw error;
			inNextJob(() => this.#rejected(module, error));
			return;
		}
		const failed = module.dependencyError;
		if (failed !== null) throw failed.error;
		if (module.phase === "prologue" && (module.native || !step.done)) {
			// An `async function*` turns a throw before `a()` into a rejection; the compiler's
			// prologues do not throw there. (A generator without `a()` that ran to its end is a
			// sync module.)
			throw new TypeError(`[nbbundle] the prologue of ${module.id} did not reach its imports`);
		}
		if (module.phase === "body" && module.hasTLA) this.#continue(module, step);
	}

	/**
	 * ExecuteAsyncModule(module) for a module that waited: its body starts now.
	 *
	 * @param {Module} module
	 */
	#executeAsync(module) {
		module.phase = "body";
		if (module.native) this.#continue(module, /** @type {AsyncGenerator} */ (module.generator).next());
		else this.#resume(module, "next", undefined);
	}

	/**
	 * A body with top-level await has run up to its first await (or to its end).
	 *
	 * @param {Module} module
	 * @param {any} step what `next()` returned: an iterator result, or the promise of an `async function*`
	 */
	#continue(module, step) {
		if (!module.native) {
			this.#drive(module, step);
			return;
		}
		promiseThen.call(step, () => this.#fulfilled(module), (error) => this.#rejected(module, error));
	}

	/**
	 * The await of a compiled `yield x`: what `await x` does (PromiseResolve, then one reaction),
	 * resuming the generator with the value or the error. The end of the body settles the
	 * module one job later, as the spec's capability reaction does.
	 *
	 * @param {Module} module
	 * @param {IteratorResult<unknown>} step
	 */
	#drive(module, step) {
		if (step.done) {
			inNextJob(() => this.#fulfilled(module));
			return;
		}
		let promise;
		try {
			promise = promiseResolve(step.value);
		} catch (error) {
			this.#resume(module, "throw", error);
			return;
		}
		promiseThen.call(
			promise,
			(value) => this.#resume(module, "next", value),
			(error) => this.#resume(module, "throw", error),
		);
	}

	/**
	 * @param {Module} module
	 * @param {"next" | "throw"} method
	 * @param {unknown} value
	 */
	#resume(module, method, value) {
		let step;
		try {
			step = /** @type {Generator} */ (module.generator)[method](value);
		} catch (error) {
			inNextJob(() => this.#rejected(module, error));
			return;
		}
		this.#drive(module, step);
	}

	/**
	 * AsyncModuleExecutionFulfilled(module): the waiting ancestors that are now free run in the
	 * order they became async ([[AsyncEvaluationOrder]]), those without top-level await right
	 * here, the others started.
	 *
	 * @param {Module} module
	 */
	#fulfilled(module) {
		if (module.status === "evaluated") return; // it failed meanwhile, with a cycle member
		this.#finish(module);
		const ready = this.#gatherAvailableAncestors(module).sort((a, b) => a.asyncOrder - b.asyncOrder);
		for (const ancestor of ready) {
			if (ancestor.status === "evaluated") continue;
			if (ancestor.hasTLA) {
				this.#executeAsync(ancestor);
				continue;
			}
			ancestor.phase = "body";
			try {
				/** @type {Generator} */ (ancestor.generator).next();
			} catch (error) {
				this.#rejected(ancestor, error);
				continue;
			}
			this.#finish(ancestor);
		}
	}

	/** @param {Module} module finished without error */
	#finish(module) {
		module.asyncOrder = ASYNC_EVALUATION_DONE;
		module.status = "evaluated";
		module.phase = "done";
		this.host.succeed(module);
		module.capability?.resolve();
	}

	/**
	 * GatherAvailableAncestors(module, execList), with a work list instead of recursion.
	 *
	 * @param {Module} module
	 * @returns {Module[]}
	 */
	#gatherAvailableAncestors(module) {
		/** @type {Module[]} */
		const ready = [];
		const listed = new Set();
		const work = [module];
		while (work.length > 0) {
			const current = /** @type {Module} */ (work.pop());
			for (const parent of current.asyncParentModules) {
				if (listed.has(parent) || parent.status !== "evaluating-async") continue;
				if ((parent.cycleRoot ?? parent).state === "failed") continue;
				parent.pendingAsyncDependencies--;
				if (parent.pendingAsyncDependencies === 0) {
					ready.push(parent);
					listed.add(parent);
					if (!parent.hasTLA) work.push(parent);
				}
			}
		}
		return ready;
	}

	/**
	 * AsyncModuleExecutionRejected(module, error): the module and every async ancestor fail;
	 * capabilities are rejected ancestors first, as the spec's recursion does.
	 *
	 * @param {Module} module
	 * @param {unknown} error
	 */
	#rejected(module, error) {
		if (!this.#markRejected(module, error)) return;
		/** @type {Array<[Module, number]>} */
		const frames = [[module, 0]];
		while (frames.length > 0) {
			const frame = frames[frames.length - 1];
			const [current, next] = frame;
			if (next < current.asyncParentModules.length) {
				frame[1] = next + 1;
				const parent = current.asyncParentModules[next];
				if (this.#markRejected(parent, error)) frames.push([parent, 0]);
			} else {
				frames.pop();
				current.capability?.reject(error);
			}
		}
	}

	/**
	 * @param {Module} module
	 * @param {unknown} error
	 * @returns {boolean} false when it had already finished
	 */
	#markRejected(module, error) {
		if (module.status === "evaluated") return false;
		module.asyncOrder = ASYNC_EVALUATION_DONE;
		this.#record(module, error);
		return true;
	}

	/**
	 * @param {Module} module
	 * @param {unknown} error
	 */
	#record(module, error) {
		module.status = "evaluated";
		module.phase = "done";
		this.host.fail(module, error);
	}

	/**
	 * Evaluate() for a caller that wants the error thrown (a `require`): a module that failed,
	 * now or before, throws; a pending one returns its capability.
	 *
	 * @param {Module} module
	 * @returns {Promise<void>}
	 */
	#evaluateNow(module) {
		const promise = this.evaluate(module);
		const root = module.cycleRoot ?? module;
		const failed = module.state === "failed" ? module : root.state === "failed" ? root : null;
		if (failed !== null) {
			promiseThen.call(promise, undefined, ignoreRejection); // thrown here: not an unhandled rejection too
			throw failed.error;
		}
		return promise;
	}
}
