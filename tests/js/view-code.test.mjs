// The view's code path for source maps: the kernel's map travels with each module version,
// is kept in the synced bundle for later views, and is attached to the evaluated code as a
// data: URL that decodes to the very map (non-ASCII cells included).
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateModule, mapDataUrl, mergeIntoBundle } from "../../js/view-code.js";

const MAP = JSON.stringify({ version: 3, sources: ["nbbundle:///café.ts"], sourcesContent: ["const ü = '😀';\n"],
	names: [], mappings: "AAAA" });

test("a map's data URL decodes to the map, whatever its characters", () => {
	const url = mapDataUrl(MAP);
	assert.match(url, /^data:application\/json;charset=utf-8;base64,[A-Za-z0-9+/=]+$/);
	const decoded = Buffer.from(url.slice(url.indexOf(",") + 1), "base64").toString("utf8");
	assert.equal(decoded, MAP);
});

test("evaluating with a map still gives the init function", () => {
	const init = evaluateModule("a.ts", "function a_ts(m, e) {\ne.value = 42;\n}", 3, MAP);
	const exports = {};
	init({}, exports);
	assert.equal(exports.value, 42);
});

test("the synced bundle keeps each module's current map, and drops it with the module", () => {
	const bundle = { entry: "app.ts", version: 1, modules: { "app.ts": "old", "lib.ts": "lib" },
		maps: { "app.ts": "old map", "lib.ts": "lib map" }, error: null };
	mergeIntoBundle(bundle, { type: "update", version: 2, modules: { "app.ts": "new" }, maps: { "app.ts": "new map" },
		removed: ["lib.ts"] });
	assert.deepEqual(bundle.maps, { "app.ts": "new map" });
	mergeIntoBundle(bundle, { type: "update", version: 3, modules: { "app.ts": "newer" }, maps: {}, removed: [] });
	assert.deepEqual(bundle.maps, {}, "a version without a map does not keep the previous one's");
	const old = { entry: "x.js", version: 1, modules: {}, error: null }; // state saved before maps existed
	mergeIntoBundle(old, { type: "update", version: 2, modules: { "x.js": "x" }, maps: { "x.js": "m" }, removed: [] });
	assert.deepEqual(old.maps, { "x.js": "m" });
});
