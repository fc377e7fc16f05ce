// What an app's `initialize` and `render` get from a WidgetView (js/widget-view.js): anywidget's
// model, whose listeners each of them owns (removed with its cleanup, and by its own `off` as
// Backbone's `off` would, never the widget's own), and the order their cleanups run in.
// The fake model's `off` is Backbone's (tests/js/fake-dom.mjs): `off()` removes everything.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { mounted, watchConsole } from "./widget-view-harness.mjs";

const watched = watchConsole();

/** A mounted view, a listener standing for the widget's own (widget.js: the kernel's messages), and a log. */
async function withHost() {
	const mount = await mounted();
	const calls = [];
	const host = () => calls.push("host");
	mount.model.on("msg:custom", host);
	const fire = (...events) => {
		for (const event of events) mount.model.trigger(event);
		return calls.splice(0);
	};
	const listener = (name) => () => calls.push(name);
	return { ...mount, calls, fire, listener };
}

describe("the model an app gets", () => {
	it("passes get, set, save_changes, send and widget_manager through to the widget's model", async () => {
		const { view, model } = await mounted();
		model.widget_manager = { name: "the manager" };
		let seen;
		await view.renderWith({ render({ model: m }) {
			m.set("count", 2);
			m.save_changes();
			m.send({ type: "app's own" });
			seen = [m.get("count"), m.widget_manager];
		} });
		assert.deepEqual(seen, [2, model.widget_manager]);
		assert.deepEqual(model.saved, [{ count: 2 }], "save_changes sent what the app set");
		assert.deepEqual(model.sent.at(-1), { type: "app's own" });
	});

	it("save_changes on a host's model that has none does nothing, and the app renders", async () => {
		const { view, model, el } = await mounted();
		model.save_changes = undefined;
		await view.renderWith({ render({ model: m, el: app }) { m.save_changes(); app.textContent = "drawn"; } });
		assert.equal(el.textContent, "drawn");
	});
});

describe("model.off as the app calls it", () => {
	it("off(event, fn) removes that listener from that event only; the app's others go with its render", async () => {
		const { view, model, fire, listener } = await withHost();
		const a = listener("a");
		const b = listener("b");
		await view.renderWith({ render({ model: m }) {
			m.on("change:x", a);
			m.on("change:x", b);
			m.on("change:y", a);
			m.off("change:x", a);
		} });
		assert.deepEqual(fire("change:x", "change:y"), ["b", "a"]);
		await view.renderWith(view.lastGood);
		assert.deepEqual(fire("change:x", "change:y", "msg:custom"), ["host"], "the next render removed the app's listeners, not the widget's");
		assert.equal(model.listenerCount("change:x") + model.listenerCount("change:y"), 0);
	});

	it("off(event) removes the app's listeners of that event, never the widget's own", async () => {
		const { view, fire, listener } = await withHost();
		await view.renderWith({ render({ model: m }) {
			m.off("msg:custom"); // before the app listens to it: nothing of the app's to remove
			m.on("msg:custom", listener("app"));
			m.on("change:x", listener("x"));
			m.off("msg:custom");
		} });
		assert.deepEqual(fire("msg:custom", "change:x"), ["host", "x"]);
	});

	it("off() removes all the app's listeners, and neither it nor the next render the widget's", async () => {
		const { view, fire, listener } = await withHost();
		await view.renderWith({ render({ model: m }) {
			m.on("change:x", listener("x"));
			m.on("msg:custom", listener("app"));
			m.off();
		} });
		assert.deepEqual(fire("change:x", "msg:custom"), ["host"]);
		await view.renderWith(view.lastGood);
		assert.deepEqual(fire("msg:custom"), ["host"]);
	});

	it("off(null, fn) removes fn from every event render added it to, not where initialize added it", async () => {
		const { view, fire, listener } = await withHost();
		const shared = listener("shared");
		const onlyInitialize = listener("initialize's");
		await view.renderWith({
			initialize({ model: m }) {
				m.on("change:z", shared);
				m.on("change:z", onlyInitialize);
			},
			render({ model: m }) {
				m.on("change:x", shared);
				m.on("change:y", shared);
				m.off(null, shared);
				m.off(null, onlyInitialize);
			},
		});
		assert.deepEqual(fire("change:x", "change:y", "change:z"), ["shared", "initialize's"]);
	});

	it("off(event, fn) of a listener render did not add (initialize did) removes it from the model", async () => {
		const { view, fire, listener } = await withHost();
		const fromInitialize = listener("initialize's");
		await view.renderWith({
			initialize({ model: m }) { m.on("change:z", fromInitialize); },
			render({ model: m }) { m.off("change:z", fromInitialize); },
		});
		assert.deepEqual(fire("change:z"), []);
	});

	it("a function render removed, then initialize added again, stays when render's listeners go", async () => {
		const { view, fire, listener } = await withHost();
		const shared = listener("shared");
		let initializeModel;
		const initialize = ({ model: m }) => { initializeModel = m; };
		await view.renderWith({ initialize, render({ model: m }) { m.on("change:x", shared); m.off("change:x", shared); } });
		initializeModel.on("change:x", shared);
		await view.renderWith({ initialize, render() {} });
		assert.deepEqual(fire("change:x"), ["shared"]);
	});
});

describe("initialize and the cleanups", () => {
	it("a render's cleanup runs while its listeners still listen (as anywidget's), then they go", async () => {
		const { view, model, fire, listener } = await withHost();
		await view.renderWith({ render({ model: m }) {
			m.on("change:x", listener("x"));
			return () => model.trigger("change:x");
		} });
		await view.renderWith(view.lastGood);
		assert.deepEqual(fire("change:x"), ["x"], "heard in the cleanup, not after it");
	});

	it("an initialize that is no function is left alone, and render runs", async () => {
		const { view, el } = await mounted();
		await view.renderWith({ initialize: { setting: 1 }, render({ el: app }) { app.textContent = "drawn"; } });
		assert.equal(el.textContent, "drawn");
	});

	it("a definition without initialize after one with it: initialize's cleanup runs, and render runs", async () => {
		const { view, el } = await mounted();
		const log = [];
		await view.renderWith({ initialize() { return () => log.push("initialize cleanup"); }, render() {} });
		await view.renderWith({ render({ el: app }) { app.textContent = "second"; } });
		assert.deepEqual([log, el.textContent], [["initialize cleanup"], "second"]);
	});

	it("an initialize that throws fails the render, takes its listeners with it, and runs again next time", async () => {
		const { view, el, fire, listener } = await withHost();
		let runs = 0;
		const definition = {
			initialize({ model: m }) {
				m.on("change:x", listener("x"));
				if (++runs === 1) throw new Error("initialize broke");
			},
			render({ el: app }) { app.textContent = "drawn"; },
		};
		await assert.rejects(view.renderWith(definition), /initialize broke/);
		assert.deepEqual([fire("change:x"), el.textContent], [[], ""]);
		await view.renderWith(definition);
		assert.deepEqual([runs, fire("change:x"), el.textContent], [2, ["x"], "drawn"]);
	});

	it("an initialize cleanup that throws is warned about, and the view still tears down", async () => {
		const { view, el } = await mounted();
		await view.renderWith({ initialize() { return () => { throw new Error("cleanup broke"); }; }, render({ el: app }) { app.textContent = "drawn"; } });
		await view.teardown();
		assert.deepEqual(watched.logged("warn"), [["[nbbundle] error cleaning up the previous initialize.", "cleanup broke"]]);
		assert.equal(el.querySelector(".nbbundle-app").textContent, "");
	});

	it("a view whose app had no initialize tears down without a warning", async () => {
		const { view } = await mounted();
		await view.teardown();
		assert.deepEqual(watched.logged("warn"), []);
	});
});
