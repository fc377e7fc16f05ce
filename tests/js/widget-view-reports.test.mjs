// When a WidgetView (js/widget-view.js) talks to the kernel: a clean update's `applied` held
// until updates pause (REPORT_QUIET_MS, at most REPORT_HOLD_MAX_MS), the heartbeat, and a view
// id the kernel accepts. Timers are node's mocks; nothing here waits on the clock.
import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";

import { REPORT_HOLD_MAX_MS, REPORT_QUIET_MS, WidgetView } from "../../js/widget-view.js";
import { createDocument, createModel } from "./fake-dom.mjs";
import { drawLabel, entry, mounted, update, watchConsole } from "./widget-view-harness.mjs";

watchConsole();

describe("held reports", () => {
	it("after a render that kept the page busy for REPORT_HOLD_MAX_MS, the held reports go at once", async () => {
		const { view, of } = await mounted();
		mock.timers.enable({ apis: ["setTimeout", "Date"] });
		try {
			view.receive(update(1, { "app.js": entry(drawLabel("two")) }));
			await view.queue;
			// The page was busy: the clock moved on and no timer could run.
			mock.timers.setTime(Date.now() + REPORT_HOLD_MAX_MS);
			view.receive(update(2, { "app.js": entry(drawLabel("three")) }));
			await view.queue;
			assert.deepEqual(of("applied").map((m) => m.version), [1, 2]);
		} finally {
			mock.timers.reset();
		}
	});

	it("a report held after the earlier ones went with another message waits its own pause", async () => {
		const { view, of } = await mounted();
		mock.timers.enable({ apis: ["setTimeout", "Date"] });
		try {
			view.receive(update(1, { "app.js": entry(drawLabel("two")) }));
			await view.queue;
			mock.timers.tick(REPORT_QUIET_MS / 2);
			view.send({ type: "alive" }); // takes the held report with it
			assert.deepEqual(of("applied").map((m) => m.version), [1]);
			mock.timers.tick(1);
			view.receive(update(2, { "app.js": entry(drawLabel("three")) }));
			await view.queue;
			mock.timers.tick(REPORT_QUIET_MS - 1);
			assert.deepEqual(of("applied").map((m) => m.version), [1], "not yet: updates may still follow");
			mock.timers.tick(1);
			assert.deepEqual(of("applied").map((m) => m.version), [1, 2]);
		} finally {
			mock.timers.reset();
		}
	});
});

describe("heartbeat and id", () => {
	it("a synced _heartbeat_ms of 0 starts no heartbeat", async () => {
		const { view, model, of } = await mounted();
		model.set("_heartbeat_ms", 0);
		view.startHeartbeat();
		await new Promise((resolve) => setTimeout(resolve, 20));
		view.destroy();
		assert.deepEqual(of("alive"), []);
	});

	it("a view's id has eight characters after its number, which the kernel requires, however short the random draw", () => {
		const random = Math.random;
		Math.random = () => 0.5; // "0.i" in base 36: one digit
		try {
			const view = new WidgetView(createModel({}), createDocument().createElement("div"));
			assert.match(view.id, /^v\d+-i0{7}$/);
			assert.match(view.name, /^__nbbundle_view_\d+_i0{7}__$/);
		} finally {
			Math.random = random;
		}
	});
});
