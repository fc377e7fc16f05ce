// One `<style data-nbbundle-id="ID">` per CSS module, updated in place.
//
// The element is found again through the DOM rather than a module-level map, so two copies of
// the runtime on one page (two bundles, or a bundle and the widget) agree on it, and the file
// keeps no top-level state (a rule of runtime_prelude.py).
// Adapted from anywidget's `load_css_text` and Vite's client `updateStyle`.

const STYLE_ID_ATTRIBUTE = "data-nbbundle-id";
// Browsers ignore `@font-face` inside a shadow root (fonts belong to the document), so a style
// put in one (marimo draws widgets in a shadow root) has its font faces copied to the head.
const FONTS_SUFFIX = " @font-face";

/**
 * @param {string} id
 * @param {ParentNode} root
 * @returns {Element | undefined}
 */
function findStyleElement(id, root) {
	for (const element of root.querySelectorAll(`style[${STYLE_ID_ATTRIBUTE}]`)) {
		if (element.getAttribute(STYLE_ID_ATTRIBUTE) === id) return element;
	}
	return undefined;
}

/**
 * Insert or replace the CSS text of module `id`. Does nothing where there is no document
 * (node), because CSS modules still have to evaluate there.
 *
 * @param {string} id the CSS module's id
 * @param {string} css
 * @param {ParentNode} [root] where the element lives; `document.head` by default
 * @returns {void}
 */
export function updateStyle(id, css, root) {
	const doc = globalThis.document;
	if (!doc) return;
	const parent = root ?? doc.head;
	let style = findStyleElement(id, parent);
	if (style) {
		// Replace the text instead of the node: the cascade position stays, nothing flickers.
		style.textContent = css;
	} else {
		style = doc.createElement("style");
		style.setAttribute(STYLE_ID_ATTRIBUTE, id);
		style.textContent = css;
		parent.appendChild(style);
	}
	if (parent !== doc.head && typeof ShadowRoot === "function" && parent.getRootNode?.() instanceof ShadowRoot) {
		const rules = /** @type {HTMLStyleElement} */ (style).sheet?.cssRules ?? [];
		const faces = [...rules].filter((rule) => typeof CSSFontFaceRule === "function" && rule instanceof CSSFontFaceRule);
		if (faces.length) updateStyle(id + FONTS_SUFFIX, faces.map((rule) => rule.cssText).join("\n"), doc.head);
		else removeStyle(id + FONTS_SUFFIX);
	}
}

/**
 * Remove the `<style>` of module `id` (when HMR prunes the module).
 *
 * @param {string} id
 * @param {ParentNode} [root]
 * @returns {void}
 */
export function removeStyle(id, root) {
	const doc = globalThis.document;
	if (!doc) return;
	findStyleElement(id, root ?? doc.head)?.remove();
	if (root && root !== doc.head) findStyleElement(id + FONTS_SUFFIX, doc.head)?.remove();
}

/**
 * Where the CSS modules of an app drawn into `el` put their `<style>`: hosts that render widgets
 * in a shadow root (marimo) keep page styles out, so styles in `document.head` would not reach
 * the app; elsewhere, the document's head.
 *
 * @param {HTMLElement} el
 * @returns {ParentNode}
 */
export function styleRootOf(el) {
	const root = typeof el.getRootNode === "function" ? el.getRootNode() : null;
	return typeof ShadowRoot !== "undefined" && root instanceof ShadowRoot ? root : el.ownerDocument.head;
}
