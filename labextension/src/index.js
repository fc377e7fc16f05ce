// nbbundle's JupyterLab 4 / Notebook 7 extension. One plugin: every code cell editor gets the
// module-cell extension (module-cells.js), which does nothing unless the cell's first line is
// `%%module NAME.js|.mjs|.ts|.mts|.tsx|.jsx|.css|.json` in an IPython notebook.
//
// The body languages are JupyterLab's own (its language registry loads @codemirror/lang-javascript,
// with its TypeScript and JSX dialects, -css and -json), so there is one CodeMirror in the page
// and this bundle carries no parser.
//
// Front ends that load every lab extension but edit no cells (a Voilà dashboard) share no
// CodeMirror packages: the code that needs them (module-cells.js) is imported only once the
// plugin activates with an editor registry, and a front end without those packages gets no
// module cells and no error.

import { IEditorExtensionRegistry, IEditorLanguageRegistry, EditorExtensionRegistry } from "@jupyterlab/codemirror";

/** The MIME types the registry knows these languages by (JavaScript without JSX; TypeScript,
 * TSX and JSX are the same @codemirror/lang-javascript with those dialects on). */
const BODY_MIMES = {
	javascript: "text/javascript", typescript: "application/typescript", tsx: "text/typescript-jsx", jsx: "text/jsx",
	css: "text/css", json: "application/json",
};

/** @type {import("@jupyterlab/application").JupyterFrontEndPlugin<void>} */
const plugin = {
	id: "nbbundle-labextension:module-cells",
	description: "%%module cells highlighted as JavaScript, CSS or JSON, with the kernel's diagnostics marked in the editor.",
	autoStart: true,
	optional: [IEditorExtensionRegistry, IEditorLanguageRegistry],
	async activate(_app, /** @type {any} */ extensions, /** @type {any} */ registry) {
		if (!extensions || !registry) return; // no cell editors here
		let cells;
		try {
			cells = await import("./module-cells.js");
		} catch (error) {
			console.info("nbbundle: no %%module cell editing in this front end:", String(error));
			return;
		}
		const { BodyLanguages, moduleCellExtension } = cells;
		const loading = Promise.all(Object.entries(BODY_MIMES).map(async ([name, mime]) => {
			const language = await registry.getLanguage(mime);
			if (!language?.support) throw new Error(`JupyterLab has no ${mime} language`);
			return [name, language.support];
		})).then(Object.fromEntries);
		const languages = new BodyLanguages(loading);
		languages.ready.catch(error => console.error("nbbundle: %%module highlighting is off:", error));
		extensions.addExtension({
			name: "nbbundle:module-cells",
			factory: (/** @type {any} */ options) => {
				const extension = moduleCellExtension(options.model, languages);
				return extension && EditorExtensionRegistry.createImmutableExtension(extension);
			}
		});
	}
};

export default plugin;
