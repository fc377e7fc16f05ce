// Tapable-style hooks for runtime plugins (seed 004, "Plugin system").
//
// Both kinds call their taps in the order they were tapped. Plugins must be tapped before the
// entry module has been initialized, or they would miss the activity of the modules that ran
// first; the module system calls `seal()` on every hook at that point and `tap()` throws after.

const HOOK_SEALED_MESSAGE =
	"[nbbundle] Cannot register plugins after the entry point module has been initialized";

/**
 * A basic hook: `call(...args)` calls every tapped function with the same arguments.
 *
 * @template {unknown[]} [Args=any[]]
 */
export class SyncHook {
	/** @type {Array<(...args: Args) => void>} */
	#taps = [];
	#sealed = false;

	/**
	 * @param {(...args: Args) => void} fn
	 * @returns {void}
	 */
	tap(fn) {
		if (this.#sealed) throw new Error(HOOK_SEALED_MESSAGE);
		this.#taps.push(fn);
	}

	/**
	 * @param {Args} args
	 * @returns {void}
	 */
	call(...args) {
		for (const fn of this.#taps) fn(...args);
	}

	/** Make later `tap()` calls throw. */
	seal() {
		this.#sealed = true;
	}
}

/**
 * A waterfall hook: every tapped function gets the previous function's result as its first
 * argument (the first gets `call`'s first argument); the other arguments are passed through
 * unchanged, and `call` returns the last result.
 *
 * As in tapable's SyncWaterfallHook, a tap that returns `undefined` keeps the current value,
 * so a plugin that only mutates the module it was given cannot drop it by forgetting `return`.
 *
 * @template T
 * @template {unknown[]} [Rest=any[]]
 */
export class SyncWaterfallHook {
	/** @type {Array<(value: T, ...rest: Rest) => T | undefined>} */
	#taps = [];
	#sealed = false;

	/**
	 * @param {(value: T, ...rest: Rest) => T | undefined} fn
	 * @returns {void}
	 */
	tap(fn) {
		if (this.#sealed) throw new Error(HOOK_SEALED_MESSAGE);
		this.#taps.push(fn);
	}

	/**
	 * @param {T} init
	 * @param {Rest} rest
	 * @returns {T}
	 */
	call(init, ...rest) {
		let value = init;
		for (const fn of this.#taps) {
			const result = fn(value, ...rest);
			if (result !== undefined) value = result;
		}
		return value;
	}

	/** Make later `tap()` calls throw. */
	seal() {
		this.#sealed = true;
	}
}
