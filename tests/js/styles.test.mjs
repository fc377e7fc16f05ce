import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { removeStyle, updateStyle } from "../../js/styles.js";
import { createFakeDocument, FakeElement } from "./fake-dom.mjs";

describe("styles without a document (node)", () => {
	it("updateStyle and removeStyle do nothing", () => {
		assert.equal(globalThis.document, undefined);
		assert.doesNotThrow(() => updateStyle("a.css", "body { color: red }"));
		assert.doesNotThrow(() => removeStyle("a.css"));
	});
});

describe("styles with a document", () => {
	/** @type {ReturnType<typeof createFakeDocument>} */
	let doc;
	beforeEach(() => {
		doc = createFakeDocument();
		globalThis.document = /** @type {any} */ (doc);
	});
	afterEach(() => {
		delete globalThis.document;
	});

	it("inserts one <style data-nbbundle-id> per id into document.head", () => {
		updateStyle("a.css", "a {}");
		updateStyle("b.css", "b {}");
		assert.equal(doc.head.children.length, 2);
		const [a, b] = doc.head.children;
		assert.equal(a.tagName, "STYLE");
		assert.equal(a.getAttribute("data-nbbundle-id"), "a.css");
		assert.equal(a.textContent, "a {}");
		assert.equal(b.getAttribute("data-nbbundle-id"), "b.css");
	});

	it("updates the same node in place", () => {
		updateStyle("a.css", "a { color: red }");
		const node = doc.head.children[0];
		updateStyle("a.css", "a { color: blue }");
		assert.equal(doc.head.children.length, 1);
		assert.equal(doc.head.children[0], node);
		assert.equal(node.textContent, "a { color: blue }");
	});

	it("removes the node of one id only", () => {
		updateStyle("a.css", "a {}");
		updateStyle("b.css", "b {}");
		removeStyle("a.css");
		assert.deepEqual(
			doc.head.children.map((element) => element.getAttribute("data-nbbundle-id")),
			["b.css"],
		);
		assert.doesNotThrow(() => removeStyle("a.css"));
	});

	it("uses the given root instead of document.head", () => {
		const root = new FakeElement("div");
		updateStyle("a.css", "a {}", /** @type {any} */ (root));
		assert.equal(doc.head.children.length, 0);
		assert.equal(root.children.length, 1);
		removeStyle("a.css", /** @type {any} */ (root));
		assert.equal(root.children.length, 0);
	});
});
