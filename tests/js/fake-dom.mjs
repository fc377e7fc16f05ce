// A small DOM for the runtime's tests: elements with classes, attributes, children, text, event
// listeners and the few selectors the runtime uses (widget.js, overlay.js, styles.js, the
// resource loader). (Not a test file: node --test only runs *.test.mjs.)

export class Element {
	/** @param {string} tagName @param {any} ownerDocument */
	constructor(tagName, ownerDocument) {
		this.tagName = tagName.toUpperCase();
		this.ownerDocument = ownerDocument;
		this.className = "";
		/** @type {Element[]} */
		this.children = [];
		/** @type {Element | null} */
		this.parentNode = null;
		this.attributes = new Map();
		this.style = { cssText: "" };
		this.ownText = "";
		/** @type {Record<string, Array<(event: { type: string }) => void>>} */
		this.listeners = {};
	}
	addEventListener(type, listener) {
		(this.listeners[type] ??= []).push(listener);
	}
	/** A test fires an event (a script's `load`, a link's `error`). @param {string} type */
	dispatch(type) {
		for (const listener of this.listeners[type] ?? []) listener({ type });
	}
	get textContent() {
		return this.ownText + this.children.map((child) => child.textContent).join("");
	}
	set textContent(text) {
		this.children = [];
		this.ownText = String(text);
	}
	get innerText() {
		return this.textContent;
	}
	setAttribute(name, value) {
		this.attributes.set(name, String(value));
	}
	getAttribute(name) {
		return this.attributes.get(name) ?? null;
	}
	#adopt(child) {
		child.parentNode?.removeChild(child);
		child.parentNode = this;
		return child;
	}
	append(...nodes) {
		for (const node of nodes) this.children.push(this.#adopt(typeof node === "string" ? textNode(this.ownerDocument, node) : node));
	}
	appendChild(child) {
		this.append(child);
		return child;
	}
	prepend(...nodes) {
		this.children.unshift(...nodes.map((node) => this.#adopt(node)));
	}
	replaceChildren(...nodes) {
		for (const child of this.children) child.parentNode = null;
		this.children = [];
		this.ownText = "";
		this.append(...nodes);
	}
	removeChild(child) {
		this.children = this.children.filter((element) => element !== child);
		child.parentNode = null;
		return child;
	}
	remove() {
		this.parentNode?.removeChild(this);
	}
	/** @returns {Element[]} */
	descendants() {
		return this.children.flatMap((child) => [child, ...child.descendants()]);
	}
	/** `:scope > .class`, `.class`, and `tag[attribute]`: the shapes the runtime uses. */
	querySelectorAll(selector) {
		const direct = selector.startsWith(":scope > ");
		const pool = direct ? this.children : this.descendants();
		const rest = direct ? selector.slice(9) : selector;
		const byClass = /^\.([\w-]+)$/.exec(rest);
		if (byClass) return pool.filter((element) => element.className.split(/\s+/).includes(byClass[1]));
		const byAttribute = /^(\w+)\[([\w-]+)\]$/.exec(rest);
		if (byAttribute) return pool.filter((element) => element.tagName === byAttribute[1].toUpperCase() && element.attributes.has(byAttribute[2]));
		throw new Error(`fake DOM: unsupported selector ${selector}`);
	}
	querySelector(selector) {
		return this.querySelectorAll(selector)[0] ?? null;
	}
}

function textNode(ownerDocument, text) {
	const node = new Element("#text", ownerDocument);
	node.ownText = text;
	return node;
}

export { Element as FakeElement, createDocument as createFakeDocument };

export function createDocument() {
	const document = { createElement: (tag) => new Element(tag, document) };
	document.head = new Element("head", document);
	document.body = new Element("body", document);
	document.querySelectorAll = (selector) => [...document.head.querySelectorAll(selector), ...document.body.querySelectorAll(selector)];
	return document;
}

/** An anywidget-like model: get/set, `on`/`off` for `msg:custom`, and the messages it sent. */
export function createModel(state) {
	const values = { ...state };
	const listeners = new Map();
	let dirty = {};
	return {
		sent: [],
		/** What `save_changes` sent to the kernel: the keys set since the last one (ipywidgets). */
		saved: [],
		get: (name) => values[name],
		set: (name, value) => {
			values[name] = value;
			dirty[name] = value;
		},
		save_changes() {
			this.saved.push(dirty);
			dirty = {};
		},
		/** How many listeners `event` has now. */
		listenerCount: (event) => (listeners.get(event) ?? []).length,
		on: (event, fn) => listeners.set(event, [...(listeners.get(event) ?? []), fn]),
		/** Backbone's: without a function, every listener of `event`; without an event, of every event. */
		off(event, fn) {
			for (const name of event == null ? [...listeners.keys()] : [event]) {
				listeners.set(name, (listeners.get(name) ?? []).filter((listener) => fn != null && listener !== fn));
			}
		},
		send(message) {
			this.sent.push(message);
		},
		/** The kernel sends a custom message. */
		deliver(message) {
			for (const fn of listeners.get("msg:custom") ?? []) fn(message);
		},
		/** The widget manager fires a model event (ipywidgets' `comm_live_update` on a kernel restart). */
		trigger(event) {
			for (const fn of [...(listeners.get(event) ?? [])]) fn();
		},
	};
}
