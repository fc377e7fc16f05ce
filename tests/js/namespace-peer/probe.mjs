// Every reflective operation a program can apply to a namespace, each as one line of text, so
// that node's real namespace and nbbundle's can be compared line by line. Errors count by
// constructor name only: engines word their messages differently.

/** @param {() => unknown} fn */
function attempt(fn) {
	try {
		return show(fn());
	} catch (error) {
		return `throws ${error?.constructor?.name}`;
	}
}

/** @param {unknown} value */
function show(value) {
	if (value === undefined) return "undefined";
	if (typeof value === "function") return `function ${value.name}`;
	if (typeof value === "symbol") return String(value);
	if (value !== null && typeof value === "object") {
		if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
		const proto = Object.getPrototypeOf(value);
		const keys = Reflect.ownKeys(value).map((key) => `${String(key)}: ${show(value[key])}`);
		return `${proto === null ? "null-proto " : ""}{${keys.join(", ")}}`;
	}
	return JSON.stringify(value);
}

/**
 * @param {any} ns a module namespace
 * @param {string[]} names export names to look at, plus one that is not exported
 * @returns {string[]}
 */
export function probe(ns, names) {
	const tag = Symbol.toStringTag;
	const lines = [];
	const check = (label, fn) => lines.push(`${label}: ${attempt(fn)}`);
	check("typeof", () => typeof ns);
	check("toString", () => Object.prototype.toString.call(ns));
	check("getPrototypeOf", () => Object.getPrototypeOf(ns));
	check("ownKeys", () => Reflect.ownKeys(ns));
	check("keys", () => Object.keys(ns));
	check("isExtensible", () => Object.isExtensible(ns));
	check("isSealed", () => Object.isSealed(ns));
	check("isFrozen", () => Object.isFrozen(ns));
	check("tag", () => ns[tag]);
	check("tag descriptor", () => Object.getOwnPropertyDescriptor(ns, tag));
	check("define tag same", () => Reflect.defineProperty(ns, tag, { value: "Module" }));
	check("define tag other", () => Reflect.defineProperty(ns, tag, { value: "Other" }));
	check("delete tag", () => Reflect.deleteProperty(ns, tag));
	check("delete other symbol", () => Reflect.deleteProperty(ns, Symbol.iterator));
	check("has tag", () => tag in ns);
	for (const name of names) {
		check(`${name} get`, () => ns[name]);
		check(`${name} in`, () => name in ns);
		check(`${name} hasOwn`, () => Object.hasOwn(ns, name));
		check(`${name} descriptor`, () => Object.getOwnPropertyDescriptor(ns, name));
		check(`${name} propertyIsEnumerable`, () => Object.prototype.propertyIsEnumerable.call(ns, name));
		check(`${name} define empty`, () => Reflect.defineProperty(ns, name, {}));
		check(`${name} define same value`, () => Reflect.defineProperty(ns, name, { value: ns[name] }));
		check(`${name} define full same`, () => Reflect.defineProperty(ns, name, { value: ns[name], writable: true, enumerable: true, configurable: false }));
		check(`${name} define other value`, () => Reflect.defineProperty(ns, name, { value: Symbol("other") }));
		check(`${name} define writable false`, () => Reflect.defineProperty(ns, name, { writable: false }));
		check(`${name} define enumerable false`, () => Reflect.defineProperty(ns, name, { enumerable: false }));
		check(`${name} define configurable true`, () => Reflect.defineProperty(ns, name, { configurable: true }));
		check(`${name} define getter`, () => Reflect.defineProperty(ns, name, { get() {} }));
		check(`${name} Object.defineProperty other`, () => Object.defineProperty(ns, name, { value: 0 }) === ns);
		check(`${name} Reflect.set`, () => Reflect.set(ns, name, 1));
		check(`${name} Reflect.deleteProperty`, () => Reflect.deleteProperty(ns, name));
		check(`${name} strict assign`, () => {
			"use strict";
			ns[name] = 1;
		});
		check(`${name} strict delete`, () => {
			"use strict";
			return delete ns[name];
		});
	}
	check("setPrototypeOf null", () => Reflect.setPrototypeOf(ns, null));
	check("setPrototypeOf object", () => Reflect.setPrototypeOf(ns, {}));
	check("Object.setPrototypeOf object", () => Object.setPrototypeOf(ns, {}));
	check("preventExtensions", () => Reflect.preventExtensions(ns));
	check("Object.preventExtensions", () => Object.preventExtensions(ns) === ns);
	check("seal", () => Object.seal(ns) === ns);
	check("freeze", () => Object.freeze(ns) === ns);
	check("add strict", () => {
		"use strict";
		ns.added = 1;
	});
	check("entries", () => Object.entries(ns));
	check("spread", () => ({ ...ns }));
	check("JSON", () => JSON.stringify(ns));
	check("descriptors", () => Object.getOwnPropertyDescriptors(ns));
	check("for-in", () => {
		const seen = [];
		for (const key in ns) seen.push(key);
		return seen;
	});
	check("Object.assign target", () => Object.assign(ns, {}) === ns);
	check("instanceof Object", () => ns instanceof Object);
	return lines;
}
