// A tiny stand-in for the DOM: just what styles.js and resource-loader.js touch.
// (Not a test file: node --test only runs *.test.mjs here.)

export class FakeElement {
	/** @param {string} tagName */
	constructor(tagName) {
		this.tagName = tagName.toUpperCase();
		/** @type {Map<string, string>} */
		this.attributes = new Map();
		this.textContent = "";
		/** @type {FakeElement[]} */
		this.children = [];
		/** @type {FakeElement | null} */
		this.parentNode = null;
		/** @type {Record<string, Array<(event: { type: string }) => void>>} */
		this.listeners = {};
	}

	setAttribute(name, value) {
		this.attributes.set(name, String(value));
	}

	getAttribute(name) {
		return this.attributes.get(name) ?? null;
	}

	addEventListener(type, listener) {
		(this.listeners[type] ??= []).push(listener);
	}

	/** @param {string} type */
	dispatch(type) {
		for (const listener of this.listeners[type] ?? []) listener({ type });
	}

	appendChild(child) {
		child.parentNode = this;
		this.children.push(child);
		return child;
	}

	removeChild(child) {
		this.children = this.children.filter((element) => element !== child);
		child.parentNode = null;
		return child;
	}

	remove() {
		this.parentNode?.removeChild(this);
	}

	/**
	 * Supports the only selector shape the runtime uses: `tag[attribute]`.
	 * @param {string} selector
	 */
	querySelectorAll(selector) {
		const match = /^(\w+)\[([\w-]+)\]$/.exec(selector);
		if (!match) throw new Error(`fake document: unsupported selector ${selector}`);
		const [, tag, attribute] = match;
		return this.children.filter((element) => element.tagName === tag.toUpperCase() && element.attributes.has(attribute));
	}
}

export function createFakeDocument() {
	const head = new FakeElement("head");
	const body = new FakeElement("body");
	return {
		head,
		body,
		/** @param {string} tagName */
		createElement: (tagName) => new FakeElement(tagName),
	};
}
