// The editor extension of one code cell: the cell's language follows its first line (a
// `%%module NAME` line picks JavaScript, CSS or JSON for the rest), and the kernel's diagnostics
// from the cell's outputs are marked in it. Every other cell, and every editor that is not an
// IPython code cell, keeps exactly what JupyterLab gave it.

import { Compartment, EditorState, Prec } from "@codemirror/state";
import { ViewPlugin } from "@codemirror/view";

import { diagnosticsField, diagnosticsTheme, diagnosticsTooltip, setDiagnostics } from "./diagnostics.js";
import { diagnosticsFromOutputs, editorMarks, moduleMagicOf } from "./module-cell.js";
import { moduleCellLanguage } from "./module-language.js";

/** @typedef {import("@codemirror/language").LanguageSupport} LanguageSupport */
/** @typedef {import("@codemirror/state").Extension} Extension */
/** @typedef {"javascript" | "typescript" | "tsx" | "jsx" | "css" | "json"} BodyLanguage */

/**
 * The body languages, once JupyterLab's language registry has loaded them, and one editor
 * extension per language (the same object every time, so editors can tell whether it changed).
 */
export class BodyLanguages {
	/** @param {Promise<Record<BodyLanguage, LanguageSupport>>} loading */
	constructor(loading) {
		/** @type {Map<BodyLanguage, Extension> | null} */
		this.extensions = null;
		this.ready = loading.then(supports => {
			this.extensions = new Map();
			for (const [name, support] of Object.entries(supports)) {
				// Highest precedence: the cell's language facet is this one, not the notebook's Python.
				// `support.support` adds the body language's own extras (completions, snippets).
				const language = moduleCellLanguage(support.language);
				this.extensions.set(/** @type {BodyLanguage} */ (name), Prec.highest([language, support.support]));
			}
		});
	}

	/**
	 * The language extension for a cell with this text and editor MIME type ([] = JupyterLab's).
	 *
	 * @param {string} firstLine @param {string} mimeType
	 * @returns {Extension}
	 */
	extensionFor(firstLine, mimeType) {
		const magic = moduleMagicOf(firstLine, mimeType);
		return (magic && this.extensions?.get(magic.language)) || [];
	}
}

/**
 * The extension for one cell editor, or null for editors that are not notebook code cells.
 *
 * @param {any} model the editor's model: for a cell, the cell model (`type`, `outputs`,
 *   `mimeType`, `mimeTypeChanged`, `sharedModel`)
 * @param {BodyLanguages} languages
 * @returns {Extension | null}
 */
export function moduleCellExtension(model, languages) {
	if (model?.type !== "code" || !model.outputs) return null;
	// Held here: JupyterLab may dispose of the model before it destroys the view.
	const { mimeTypeChanged, outputs } = model;
	const compartment = new Compartment();
	const chosen = (/** @type {EditorState} */ state) =>
		languages.extensionFor(state.doc.line(1).text, model.mimeType);

	/** The diagnostics the cell's outputs carry for the module its first line names. */
	const diagnosticsOf = (/** @type {EditorState} */ state) => {
		const magic = moduleMagicOf(state.doc.line(1).text, model.mimeType);
		if (!magic) return [];
		const items = Array.from({ length: outputs.length }, (_, i) => outputs.get(i));
		return diagnosticsFromOutputs(items, magic.name);
	};
	/** The diagnostics the marks were last made from (as JSON), whoever made them. */
	let shown = "[]";
	const marksFor = (/** @type {EditorState} */ state) => {
		const diagnostics = diagnosticsOf(state);
		shown = JSON.stringify(diagnostics);
		return editorMarks(state.doc.toString(), diagnostics);
	};
	const field = diagnosticsField(marksFor);

	// Typing over the first line switches the language in the same transaction.
	const follow = EditorState.transactionExtender.of(tr => {
		if (!tr.docChanged) return null;
		const next = languages.extensionFor(tr.newDoc.line(1).text, model.mimeType);
		return next === compartment.get(tr.startState) ? null : { effects: compartment.reconfigure(next) };
	});

	// What changes outside the editor: the languages finish loading, the kernel's language
	// becomes known (the MIME type: a notebook without `language_info` gets it only now, after
	// the editor was made, so its saved marks are read again then), a run replaces the outputs.
	const watcher = ViewPlugin.define(view => {
		const refresh = () => {
			const next = chosen(view.state);
			if (next !== compartment.get(view.state)) view.dispatch({ effects: compartment.reconfigure(next) });
		};
		const onOutputs = () => {
			const diagnostics = diagnosticsOf(view.state);
			const key = JSON.stringify(diagnostics);
			if (key === shown) return; // a status line refreshed: keep the marks where edits moved them
			shown = key;
			view.dispatch({ effects: setDiagnostics.of(editorMarks(view.state.doc.toString(), diagnostics)) });
		};
		const onMimeType = () => {
			refresh();
			onOutputs();
		};
		let alive = true;
		languages.ready.then(() => alive && refresh());
		// The MIME type may have changed between the editor's state and this view: look once.
		queueMicrotask(() => alive && onOutputs());
		mimeTypeChanged.connect(onMimeType);
		outputs.changed.connect(onOutputs);
		return {
			destroy() {
				alive = false;
				mimeTypeChanged.disconnect(onMimeType);
				outputs.changed.disconnect(onOutputs);
			}
		};
	});

	return [
		compartment.of(languages.extensionFor(model.sharedModel.getSource().split("\n", 1)[0], model.mimeType)),
		follow,
		watcher,
		field,
		diagnosticsTooltip(field),
		diagnosticsTheme
	];
}
