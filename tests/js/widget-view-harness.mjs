// What the tests of one WidgetView (js/widget-view.js) share: entries in the compiler's
// contract form, a view mounted on a fake model and DOM, kernel updates, and the console.
import { afterEach, beforeEach } from "node:test";

import { REPORT_QUIET_MS, WidgetView } from "../../js/widget-view.js";
import { createDocument, createModel } from "./fake-dom.mjs";

/** The period the kernel syncs (`_heartbeat_ms`, its views.HEARTBEAT_S). */
export const HEARTBEAT_MS = 5000;

/** An entry in the compiler's contract form; `body` runs in `render({ el })`. */
export const entry = (body, { name = "app_js", exports = '{"render": () => render}', top = "" } = {}) =>
	`function ${name}(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";__nbb_require__.d(__nbb_exports__, ${exports});
${top}
function render({ el, model }) { ${body} }
}`;
export const drawLabel = (text) => `const span = el.ownerDocument.createElement("span"); span.className = "label"; span.textContent = ${JSON.stringify(text)}; el.append(span);`;
export const APP = entry(drawLabel("one"));

/**
 * The console's warn, error and info calls of each test, instead of printing them.
 * @returns {{ calls: any[][], logged: (level: string) => any[][] }}
 */
export function watchConsole() {
	const watched = {
		/** @type {any[][]} */
		calls: [],
		/** Each call of `level`: its text, and the message of the Error logged with it. */
		logged: (level) => watched.calls.filter(([l]) => l === level).map(([, text, error]) => (error instanceof Error ? [text, error.message] : [text])),
	};
	let saved;
	beforeEach(() => {
		watched.calls = [];
		saved = { warn: console.warn, error: console.error, info: console.info };
		for (const level of ["warn", "error", "info"]) console[level] = (...args) => watched.calls.push([level, ...args]);
	});
	afterEach(() => Object.assign(console, saved));
	return watched;
}

export async function mounted(modules = { "app.js": APP }, { error = null, entryId = "app.js" } = {}) {
	const document = createDocument();
	const model = createModel({ _bundle: { entry: entryId, version: 0, modules, error }, _heartbeat_ms: HEARTBEAT_MS });
	const el = document.createElement("div");
	document.body.append(el);
	const view = new WidgetView(model, el);
	await view.mount();
	const label = () => el.querySelector(".label")?.textContent;
	const overlay = () => el.querySelector(".nbbundle-overlay")?.textContent ?? null;
	const of = (type) => model.sent.filter((message) => message.type === type);
	return { document, model, el, view, label, overlay, of };
}

export const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/** Until a clean update's report, held while updates may follow, has gone (`WidgetView.send`). */
export async function reported(arrived) {
	for (let waited = 0; !arrived() && waited < 10_000; waited += REPORT_QUIET_MS) {
		await new Promise((resolve) => setTimeout(resolve, REPORT_QUIET_MS));
	}
	await new Promise((resolve) => setTimeout(resolve, REPORT_QUIET_MS)); // and nothing more comes
}

export const update = (version, modules, updates = [{ kind: "entry", boundary: "app.js", acceptedVia: "app.js", chain: ["app.js"], isWithinCircularImport: false }]) =>
	({ type: "update", version, modules, removed: [], updates, reload: null, firstInvalidatedBy: null });
