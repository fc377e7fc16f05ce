// Module hooks for the Fast Refresh page (page.mjs): a compiled .tsx/.jsx/.ts module runs as an
// ES module, with an `import.meta.hot` that records what the module accepts, as nbbundle's
// module system gives one to every module.
import { readFile } from "node:fs/promises";

const COMPILED = [".tsx", ".jsx", ".ts"];

export async function load(url, context, nextLoad) {
	const { pathname } = new URL(url);
	if (!COMPILED.some((extension) => pathname.endsWith(extension))) return nextLoad(url, context);
	const source = await readFile(new URL(url), "utf8");
	return {
		format: "module",
		shortCircuit: true,
		source: `import.meta.hot = globalThis.__refreshPage.hotContext(import.meta.url); ${source}`,
	};
}
