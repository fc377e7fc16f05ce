import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { SyncHook, SyncWaterfallHook } from "../../js/hooks.js";

const SEALED = "[nbbundle] Cannot register plugins after the entry point module has been initialized";

describe("SyncHook", () => {
	it("calls every tap in tap order with the same arguments", () => {
		const hook = new SyncHook();
		const calls = [];
		hook.tap((...args) => calls.push(["first", ...args]));
		hook.tap((...args) => calls.push(["second", ...args]));
		hook.call(1, "two");
		assert.deepEqual(calls, [
			["first", 1, "two"],
			["second", 1, "two"],
		]);
	});

	it("ignores return values (basic, not waterfall)", () => {
		const hook = new SyncHook();
		const seen = [];
		hook.tap((value) => {
			seen.push(value);
			return "changed";
		});
		hook.tap((value) => seen.push(value));
		assert.equal(hook.call("original"), undefined);
		assert.deepEqual(seen, ["original", "original"]);
	});

	it("throws on tap after seal, and still calls the earlier taps", () => {
		const hook = new SyncHook();
		let calls = 0;
		hook.tap(() => calls++);
		hook.seal();
		assert.throws(() => hook.tap(() => {}), { message: SEALED });
		hook.call();
		assert.equal(calls, 1);
	});
});

describe("SyncWaterfallHook", () => {
	it("passes each result to the next tap and returns the last one", () => {
		const hook = new SyncWaterfallHook();
		hook.tap((value) => value + 1);
		hook.tap((value) => value * 10);
		assert.equal(hook.call(1), 20);
	});

	it("passes the extra arguments through unchanged", () => {
		const hook = new SyncWaterfallHook();
		const seen = [];
		hook.tap((value, extra, more) => {
			seen.push([value, extra, more]);
			return `${value}!`;
		});
		hook.tap((value, extra, more) => {
			seen.push([value, extra, more]);
			return `${value}?`;
		});
		assert.equal(hook.call("a", "x", 2), "a!?");
		assert.deepEqual(seen, [
			["a", "x", 2],
			["a!", "x", 2],
		]);
	});

	it("returns the initial value when nothing is tapped", () => {
		const value = {};
		assert.equal(new SyncWaterfallHook().call(value), value);
	});

	it("keeps the current value when a tap returns undefined (tapable's rule)", () => {
		const hook = new SyncWaterfallHook();
		const module = { id: "a.js" };
		hook.tap((value) => {
			value.touched = true;
		});
		hook.tap((value) => value);
		assert.equal(hook.call(module), module);
		assert.equal(module.touched, true);
	});

	it("throws on tap after seal", () => {
		const hook = new SyncWaterfallHook();
		hook.seal();
		assert.throws(() => hook.tap((value) => value), { message: SEALED });
	});
});
