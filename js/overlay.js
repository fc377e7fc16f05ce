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
 * Show (or replace) the overlay at the top of `root`.
 *
 * @param {HTMLElement} root
 * @param {OverlayError} error
 * @returns {HTMLElement} the overlay element
 */
export function showOverlay(root, error) {
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
	const note = doc.createElement("div");
	note.style.cssText = "opacity: 0.7; margin-top: 4px";
	note.textContent = "The last good version is still running. Fix the cell and run it again.";
	parts.push(note);
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

/**
 * Where a runtime error happened, read from its stack: the first frame in a module evaluated
 * with `//# sourceURL=nbbundle:///<id>` (see widget.js).
 *
 * @param {unknown} error
 * @returns {{ id: string, line: number, column: number } | null}
 */
export function locateError(error) {
	const stack = error instanceof Error ? String(error.stack ?? "") : "";
	const match = /nbbundle:\/\/\/(.+?):(\d+):(\d+)/.exec(stack);
	if (!match) return null;
	return { id: match[1], line: Number(match[2]), column: Number(match[3]) - 1 };
}
