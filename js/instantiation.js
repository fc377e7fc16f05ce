// Instantiation: ECMA-262's Link() (16.2.1.5.1), InitializeEnvironment of every module of a graph
// before any module of it evaluates.
//
// In the engine a module's top-level function declarations exist, and its exports resolve to
// them, from link time on: an importer in a cycle can call a function of a module that has not
// run yet. A compiled init is a generator function (ARCHITECTURE.md, the init-function
// contract) whose prologue begins with what instantiation needs (`d(exports, getters)`, the
// aliases `b(id)` and `l(id)` that create the dependencies' instances, the namespace locals) and
// then `yield`s: calling it hoists its functions, and the first `next()` defines its exports and
// links its dependencies; no code of the user's runs. This file does that for each module an
// evaluation is about to reach (the walk follows the instances each prologue linked), so
// evaluation.js then only resumes each generator after its instantiation yield.
//
// Other inits are left to their evaluation: plain functions (a module registered by hand,
// CommonJS: their exports exist only once they ran, as in node) and `async function*` (a module
// with a top-level `for await`: a `yield` there awaits, so the rest of its prologue could not
// run in the job its importer asks for it; its functions exist only once it starts).
//
// The order has nothing to show (no user code runs, and every getter reads its binding only
// when called), so the walk is a plain depth-first one, importer before imports.

/** @typedef {import("./module.js").Module} Module */
/** @typedef {import("./module.js").ModuleInitialization} ModuleInitialization */

/**
 * What instantiation needs from the module system.
 * @typedef {object} InstantiationHost
 * @property {(module: Module) => ModuleInitialization | undefined} registeredInit the init function, without running any hook
 * @property {(module: Module) => ModuleInitialization} initOf the init function; runs the `initialize` hook (may throw: the module has not started)
 * @property {(module: Module, init: ModuleInitialization) => unknown} call call the init with the contract's arguments
 */

/**
 * @param {unknown} init
 * @returns {boolean} whether `init` is a generator function (not an async one): the compiled form with an instantiation `yield`
 */
export function instantiatesEarly(init) {
	return typeof init === "function" && Object.prototype.toString.call(init) === "[object GeneratorFunction]";
}

/**
 * Instantiate `module` and every unlinked instance its prologue (and theirs) links. A compiled
 * init runs to its instantiation `yield` (the generator waits in `module.generator` for the
 * evaluation); any other is only marked linked. An `initialize` hook that throws stops the walk
 * with its error, before that module started (it stays unlinked: a later import tries again).
 *
 * @param {Module} module
 * @param {InstantiationHost} host
 * @returns {void}
 */
export function instantiate(module, host) {
	const work = [module];
	while (work.length > 0) {
		const current = /** @type {Module} */ (work.pop());
		if (current.status !== "unlinked") continue;
		if (!instantiatesEarly(host.registeredInit(current))) {
			current.status = "linked";
			continue;
		}
		const generator = /** @type {Generator} */ (host.call(current, host.initOf(current)));
		current.status = "linking";
		try {
			generator.next();
		} catch (error) {
			// The compiler's prologues do not throw before their yield; one that did fails
			// where it is evaluated (its generator is done then, so nothing else of it runs).
			current.dependencyError ??= { error };
		}
		current.status = "linked";
		current.generator = generator;
		const requested = current.requested;
		current.requested = [];
		// Reversed onto the stack, so the imports are instantiated in the order they appear.
		for (let index = requested.length - 1; index >= 0; index--) work.push(requested[index]);
	}
}
