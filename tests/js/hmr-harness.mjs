// A view for HMR tests: a real module system, an HmrClient, a fake transport and a fake host.
// (Not a test file: node --test only runs *.test.mjs here.)
import { HmrClient } from "../../js/hmr-client.js";
import { createModuleSystem } from "../../js/module-system.js";

/**
 * @param {Record<string, Function>} modules id → init function (contract form)
 * @param {{ entry?: string }} [options]
 */
export function createView(modules, { entry = "app.js" } = {}) {
	const moduleSystem = createModuleSystem();
	/** @type {any[]} messages to the kernel */
	const sent = [];
	/** @type {any[]} host calls: ["remount", reason], ["remountEntry"], ["reportError", id, error], ["clearError"] */
	const calls = [];
	/** @type {any[]} what the client logged: [level, ...arguments] */
	const logs = [];
	const host = {
		remount: (reason) => calls.push(["remount", reason]),
		// Like the widget's: the host reports what fails in the entry (through the client, so
		// the update's `applied` message counts it).
		remountEntry: async () => {
			calls.push(["remountEntry"]);
			try {
				const exports = await moduleSystem.import(entry);
				exports.render?.();
			} catch (error) {
				client.report(error, entry, "init");
				throw error;
			}
		},
		reportError: (error, id, phase) => calls.push(["reportError", id, error, phase]),
		clearError: () => calls.push(["clearError"]),
	};
	const logger = {
		error: (...args) => logs.push(["error", ...args]),
		warn: (...args) => logs.push(["warn", ...args]),
		debug: (...args) => logs.push(["debug", ...args]),
	};
	const client = new HmrClient({ moduleSystem, send: (message) => sent.push(message), host, logger });
	for (const [id, init] of Object.entries(modules)) moduleSystem.register(id, init);
	return {
		moduleSystem,
		client,
		host,
		sent,
		calls,
		logs,
		start: () => moduleSystem.import(entry),
		/** @param {string} type */
		sentOf: (type) => sent.filter((message) => message.type === type),
		/** @param {string} name */
		callsOf: (name) => calls.filter((call) => call[0] === name),
	};
}

/**
 * An `update` message with defaults for the fields a test does not care about.
 *
 * @param {number} version
 * @param {object} fields
 */
export function updateMessage(version, fields) {
	return { version, modules: {}, removed: [], updates: [], reload: null, firstInvalidatedBy: null, ...fields };
}

/** A self update of `id` (changed alone, accepts itself). */
export function selfUpdate(id, chain = [id]) {
	return { kind: "self", boundary: id, acceptedVia: id, chain, isWithinCircularImport: false };
}

/** A dependency update: `boundary` accepts `acceptedVia`. */
export function depUpdate(boundary, acceptedVia, chain = [acceptedVia]) {
	return { kind: "dep", boundary, acceptedVia, chain, isWithinCircularImport: false };
}

/** Lets the `executed` batch (a setTimeout 0) go out. */
export function nextTask() {
	return new Promise((resolve) => setTimeout(resolve, 0));
}
