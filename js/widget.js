// The anywidget front end of nbbundle (DESIGN.md contracts 5–7).
//
// `initialize({ model })` runs once per widget model: it receives the kernel's messages, keeps
// the model's synced `_bundle` current (so a view opened later, or a notebook saved and reopened
// without a kernel, shows the current version) and hands each message to the live views.
// `render({ model, el })` runs once per view: every view gets its own module system under its
// own acquisition name, so two views of one app never share module state.
//
// Every view has a random id and tells the kernel what happens to it (protocol.js): `hello` when
// it starts mounting, `ready` when it mounted (with what failed), `applied` after each update,
// `alive` every few seconds, `closed` when it goes. That is what makes the cell's status line
// true: the kernel counts views by id and hears from each what it runs.

import { mergeIntoBundle } from "./view-code.js";
import { WidgetView } from "./widget-view.js";

/** @typedef {import("./protocol.js").BundleState} BundleState */
/** @typedef {import("./widget-view.js").WidgetModel} WidgetModel */

// Each view subscribes to the kernel's messages itself: anywidget hands `initialize` and each
// `render` their own proxy of the model, so the model object is no key to find views by.

/** @param {{ model: WidgetModel }} context */
export function initialize({ model }) {
	/** @param {any} message */
	const onMessage = (message) => {
		// A message for one view (`view` set) is not a change of the app's state.
		if ((message?.type === "update" || message?.type === "error") && message.view === undefined) {
			const bundle = model.get("_bundle");
			if (message.version > bundle.version) mergeIntoBundle(bundle, message);
		}
	};
	model.on("msg:custom", onMessage);
	return () => model.off("msg:custom", onMessage);
}

/** @param {{ model: WidgetModel, el: HTMLElement }} context */
export async function render({ model, el }) {
	const view = new WidgetView(model, el);
	/** @param {any} message */
	const onMessage = (message) => view.receive(message);
	// ipywidgets marks every model of a kernel that restarts as no longer live: the comm is gone.
	const onDisconnect = () => view.disconnect();
	model.on("msg:custom", onMessage);
	model.on("comm_live_update", onDisconnect);
	model.on("comm:close", onDisconnect);
	const onPageHide = () => view.send({ type: "closed" });
	globalThis.addEventListener?.("pagehide", onPageHide);
	view.send({ type: "hello", version: /** @type {BundleState} */ (model.get("_bundle")).version });
	// Messages that arrive while the view mounts wait in its queue for the mount to finish.
	view.queue = view.mount();
	await view.queue;
	view.startHeartbeat();
	return () => {
		model.off("msg:custom", onMessage);
		model.off("comm_live_update", onDisconnect);
		model.off("comm:close", onDisconnect);
		globalThis.removeEventListener?.("pagehide", onPageHide);
		view.destroy();
		view.send({ type: "closed" });
	};
}
