import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ResourceLoader } from "../../js/resource-loader.js";
import { createFakeDocument } from "./fake-dom.mjs";

/** An `importModule` whose calls are recorded and settled by the test. */
function deferredImports() {
	const calls = [];
	const importModule = (url) =>
		new Promise((resolve, reject) => {
			calls.push({ url, resolve, reject });
		});
	return { calls, importModule };
}

const MANIFEST = {
	modules: { "lazy.js": "async-1.js", "other.js": "async-1.js" },
	resources: { "async-1.js": { kind: "script", url: "/assets/async-1.js" } },
};

describe("ResourceLoader states", () => {
	it("goes unloaded → loading → loaded and never loads twice", async () => {
		const { calls, importModule } = deferredImports();
		const loader = new ResourceLoader({ importModule });
		loader.addManifest(MANIFEST);
		assert.equal(loader.getState("async-1.js"), "unloaded");

		const first = loader.load("async-1.js");
		assert.equal(loader.getState("async-1.js"), "loading");
		// Concurrent loads, by name or through any module of the resource, share one request.
		assert.equal(loader.load("async-1.js"), first);
		assert.equal(loader.loadModule("other.js"), first);
		assert.deepEqual(calls.map((call) => call.url), ["/assets/async-1.js"]);

		calls[0].resolve({});
		assert.equal(await first, undefined);
		assert.equal(loader.getState("async-1.js"), "loaded");
		await loader.loadModule("lazy.js");
		assert.equal(calls.length, 1);
	});

	it("goes loading → failed, and failed is final: later loads reject with the same error", async () => {
		const { calls, importModule } = deferredImports();
		const loader = new ResourceLoader({ importModule });
		loader.addManifest(MANIFEST);
		const error = new Error("network down");
		const first = loader.load("async-1.js");
		calls[0].reject(error);
		await assert.rejects(first, (thrown) => thrown === error);
		assert.equal(loader.getState("async-1.js"), "failed");
		await assert.rejects(loader.loadModule("lazy.js"), (thrown) => thrown === error);
		assert.equal(calls.length, 1, "a failed resource is not fetched again");
	});

	it("rejects an unknown resource without changing its state", async () => {
		const loader = new ResourceLoader({ importModule: async () => {} });
		await assert.rejects(loader.load("nope.js"), { message: /^\[nbbundle\] Unknown resource "nope\.js"/ });
		assert.equal(loader.getState("nope.js"), "unloaded");
	});

	it("rejects loadModule of a module no manifest knows, naming the module", async () => {
		const loader = new ResourceLoader({ importModule: async () => {} });
		await assert.rejects(loader.loadModule("ghost.js"), (error) => {
			assert.equal(error.code, "MODULE_NOT_FOUND");
			assert.match(error.message, /^\[nbbundle\] Module "ghost\.js" is not registered/);
			return true;
		});
	});

	it("uses the resource name as its URL when the manifest gives none", async () => {
		const urls = [];
		const loader = new ResourceLoader({ importModule: async (url) => void urls.push(url) });
		loader.addManifest({ resources: { "chunk.js": { kind: "script" } } });
		await loader.load("chunk.js");
		assert.deepEqual(urls, ["chunk.js"]);
	});
});

describe("ResourceLoader inline resources (provide)", () => {
	it("runs the provided function on the first load only", async () => {
		const loader = new ResourceLoader({ importModule: () => assert.fail("must not import") });
		let runs = 0;
		loader.provide("inline-1", () => {
			runs++;
		});
		loader.addManifest({ modules: { "lazy.js": "inline-1" } });
		assert.equal(runs, 0, "providing does not run it");
		await Promise.all([loader.loadModule("lazy.js"), loader.load("inline-1")]);
		await loader.load("inline-1");
		assert.equal(runs, 1);
		assert.equal(loader.getState("inline-1"), "loaded");
	});

	it("fails when the provided function throws", async () => {
		const loader = new ResourceLoader();
		const error = new Error("bad resource");
		loader.provide("inline-2", () => {
			throw error;
		});
		await assert.rejects(loader.load("inline-2"), (thrown) => thrown === error);
		assert.equal(loader.getState("inline-2"), "failed");
	});
});

describe("ResourceLoader element strategies", () => {
	it("'script' injects <script src> and waits for load", async () => {
		const document = createFakeDocument();
		const loader = new ResourceLoader({ strategy: "script", document: /** @type {any} */ (document) });
		loader.addManifest(MANIFEST);
		const loading = loader.load("async-1.js");
		const [script] = document.head.children;
		assert.equal(script.tagName, "SCRIPT");
		assert.equal(script.getAttribute("src"), "/assets/async-1.js");
		assert.equal(loader.getState("async-1.js"), "loading");
		script.dispatch("load");
		await loading;
		assert.equal(loader.getState("async-1.js"), "loaded");
	});

	it("'script' fails on the error event with a message naming the resource", async () => {
		const document = createFakeDocument();
		const loader = new ResourceLoader({ strategy: "script", document: /** @type {any} */ (document) });
		loader.addManifest(MANIFEST);
		const loading = loader.load("async-1.js");
		document.head.children[0].dispatch("error");
		await assert.rejects(loading, {
			message: '[nbbundle] Failed to load resource "async-1.js" from /assets/async-1.js',
		});
		assert.equal(loader.getState("async-1.js"), "failed");
	});

	it("loads a style resource as <link rel=stylesheet>, whatever the script strategy", async () => {
		const document = createFakeDocument();
		const loader = new ResourceLoader({ document: /** @type {any} */ (document) });
		loader.addManifest({ resources: { "style-1.css": { kind: "style", url: "/assets/style-1.css" } } });
		const loading = loader.load("style-1.css");
		const [link] = document.head.children;
		assert.equal(link.tagName, "LINK");
		assert.equal(link.getAttribute("rel"), "stylesheet");
		assert.equal(link.getAttribute("href"), "/assets/style-1.css");
		link.dispatch("load");
		await loading;
		assert.equal(loader.getState("style-1.css"), "loaded");
	});

	it("'script' without a document rejects with a hint", async () => {
		const loader = new ResourceLoader({ strategy: "script" });
		loader.addManifest(MANIFEST);
		await assert.rejects(loader.load("async-1.js"), { message: /without a document; use the "module" strategy/ });
	});
});
