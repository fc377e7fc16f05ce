// The error overlay: a banner at the top of the widget naming module, line and column, with
// the code frame. It never covers the app: the last good version stays usable underneath.

const OVERLAY_CLASS = "nbbundle-overlay";

const OVERLAY_STYLE = [
	"font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace",
	"background: #fff1f0",
	"color: #5c0011",
	"border: 1px solid #ffa39e",
	"border-left: 4px solid #cf1322",
	"border-radius: 4px",
	"padding: 8px 10px",
	"margin: 0 0 8px 0",
	"white-space: normal",
].join(";");

/**
 * @typedef {object} OverlayError
 * @property {string} message
 * @property {string | null} [id]
 * @property {number | null} [line] 1-based
 * @property {number | null} [column] 0-based
 * @property {string} [frame]
 * @property {string | null} [hint]
 * @property {string} [code]
 */

/**
 * `app.js:3:9` (column shown 1-based, as editors show it).
 *
 * @param {OverlayError} error
 * @returns {string}
 */
export function errorLocation(error) {
	if (!error.id) return "";
	if (error.line == null) return error.id;
	return `${error.id}:${error.line}:${(error.column ?? 0) + 1}`;
}

/**
 * Show (or replace) the overlay at the top of `root`. `note` says what the view runs now, as
 * the view knows it (widget.js): the overlay never assumes the last good version still runs.
 *
 * @param {HTMLElement} root
 * @param {OverlayError} error
 * @param {string} [note]
 * @returns {HTMLElement} the overlay element
 */
export function showOverlay(root, error, note = "") {
	const doc = root.ownerDocument;
	let overlay = /** @type {HTMLElement | null} */ (root.querySelector(`:scope > .${OVERLAY_CLASS}`));
	if (!overlay) {
		overlay = doc.createElement("div");
		overlay.className = OVERLAY_CLASS;
		overlay.setAttribute("role", "alert");
		overlay.style.cssText = OVERLAY_STYLE;
		root.prepend(overlay);
	}
	const title = doc.createElement("div");
	title.className = "nbbundle-overlay-message";
	title.style.fontWeight = "600";
	title.textContent = error.message;
	const location = doc.createElement("div");
	location.className = "nbbundle-overlay-location";
	location.textContent = errorLocation(error);
	/** @type {HTMLElement[]} */
	const parts = [title, location];
	if (error.frame) {
		const frame = doc.createElement("pre");
		frame.className = "nbbundle-overlay-frame";
		frame.style.cssText = "margin: 6px 0 0; overflow-x: auto; font: inherit";
		frame.textContent = error.frame;
		parts.push(frame);
	}
	if (error.hint) {
		const hint = doc.createElement("div");
		hint.className = "nbbundle-overlay-hint";
		hint.textContent = `hint: ${error.hint}`;
		parts.push(hint);
	}
	if (note) {
		const noteElement = doc.createElement("div");
		noteElement.className = "nbbundle-overlay-note";
		noteElement.style.cssText = "opacity: 0.7; margin-top: 4px";
		noteElement.textContent = note;
		parts.push(noteElement);
	}
	overlay.replaceChildren(...parts);
	return overlay;
}

/**
 * @param {HTMLElement} root
 * @returns {void}
 */
export function clearOverlay(root) {
	root.querySelector(`:scope > .${OVERLAY_CLASS}`)?.remove();
}

const DISCONNECTED_CLASS = "nbbundle-disconnected";

/**
 * The kernel is gone (restarted or shut down): say so above the app, which stays as it is, and
 * say how to get a live view again.
 *
 * @param {HTMLElement} root
 * @returns {HTMLElement}
 */
export function showDisconnected(root) {
	const doc = root.ownerDocument;
	let banner = /** @type {HTMLElement | null} */ (root.querySelector(`:scope > .${DISCONNECTED_CLASS}`));
	if (!banner) {
		banner = doc.createElement("div");
		banner.className = DISCONNECTED_CLASS;
		banner.setAttribute("role", "status");
		banner.style.cssText = OVERLAY_STYLE.replace("#fff1f0", "#f5f5f5").replace("#5c0011", "#262626")
			.replace("#ffa39e", "#d9d9d9").replace("#cf1322", "#8c8c8c");
		root.prepend(banner);
	}
	banner.textContent = "Disconnected from the kernel (it was restarted or shut down): this view no longer updates. "
		+ "To reconnect, run the notebook's cells again (Run ▸ Run All Cells).";
	return banner;
}

/**
 * Where a runtime error happened, read from its stack: the first frame in a module evaluated
 * with `//# sourceURL=nbbundle:///<id>?v=<version>` (view-code.js `sourceName`).
 *
 * @param {unknown} error
 * @returns {{ id: string, line: number, column: number, revision: number | null } | null}
 */
export function locateError(error) {
	const stack = error instanceof Error ? String(error.stack ?? "") : "";
	const match = /nbbundle:\/\/\/([^\s?():]+)(?:\?v=(\d+))?:(\d+):(\d+)/.exec(stack);
	if (!match) return null;
	let id;
	try {
		id = match[1].split("/").map(decodeURIComponent).join("/");
	} catch {
		id = match[1];
	}
	return { id, line: Number(match[3]), column: Number(match[4]) - 1, revision: match[2] === undefined ? null : Number(match[2]) };
}
