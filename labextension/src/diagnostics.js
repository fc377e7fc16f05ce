// The kernel's diagnostics in a cell's editor: a wavy underline from the reported line and column,
// the message on hover. The marks move with edits and are replaced whenever the cell's outputs
// change: a new run clears its outputs (and the marks) first, and a good run sends none.

import { StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, WidgetType, hoverTooltip } from "@codemirror/view";

/** @typedef {import("./module-cell.js").EditorMark} EditorMark */

/** Replace the cell's marks with these (offsets into the current text). */
export const setDiagnostics = /** @type {import("@codemirror/state").StateEffectType<EditorMark[]>} */ (StateEffect.define());

/** A diagnostic at an empty range (the end of a line, an empty line): a small wavy-underlined
 * box after it, not a thin bar that would pass for the cursor. */
class PointWidget extends WidgetType {
	/** @param {EditorMark} mark */
	constructor(mark) {
		super();
		this.mark = mark;
	}

	/** @param {PointWidget} other */
	eq(other) {
		return other.mark.message === this.mark.message && other.mark.severity === this.mark.severity;
	}

	toDOM() {
		const span = document.createElement("span");
		span.className = `cm-nbbundle-diagnostic cm-nbbundle-diagnosticPoint cm-nbbundle-${this.mark.severity}`;
		span.dataset.message = this.mark.message;
		span.textContent = "\u00a0\u00a0"; // room for the wavy underline
		return span;
	}
}

/** @param {EditorMark} mark */
function decoration(mark) {
	const spec = { diagnostic: mark };
	if (mark.from === mark.to) {
		return Decoration.widget({ ...spec, widget: new PointWidget(mark), side: 1 }).range(mark.from);
	}
	return Decoration.mark({
		...spec,
		class: `cm-nbbundle-diagnostic cm-nbbundle-${mark.severity}`,
		attributes: { "data-message": mark.message }
	}).range(mark.from, mark.to);
}

/**
 * The cell's marks; `initial` computes them from the state the editor starts with (a notebook
 * opened with saved outputs shows its last run's diagnostics).
 *
 * @param {(state: import('@codemirror/state').EditorState) => EditorMark[]} initial
 */
export function diagnosticsField(initial) {
	return StateField.define({
		create: state => Decoration.set(clamp(initial(state), state.doc.length).map(decoration), true),
		update(marks, tr) {
			for (const effect of tr.effects) {
				if (effect.is(setDiagnostics)) {
					return Decoration.set(clamp(effect.value, tr.newDoc.length).map(decoration), true);
				}
			}
			return tr.docChanged ? marks.map(tr.changes) : marks;
		},
		provide: field => EditorView.decorations.from(field)
	});
}

/** @param {EditorMark[]} marks @param {number} length */
function clamp(marks, length) {
	return marks.map(m => ({ ...m, from: Math.min(m.from, length), to: Math.min(m.to, length) }));
}

/**
 * The message of the diagnostics under the pointer, as a tooltip (text only: notebooks carry
 * this data too, so it is never read as HTML).
 *
 * @param {StateField<import('@codemirror/view').DecorationSet>} field
 */
export function diagnosticsTooltip(field) {
	return hoverTooltip((view, pos) => {
		/** @type {EditorMark[]} */
		const found = [];
		let from = pos;
		let to = pos;
		view.state.field(field).between(pos, pos, (start, end, value) => {
			found.push(value.spec.diagnostic);
			from = Math.min(from, start);
			to = Math.max(to, end);
		});
		if (!found.length) return null;
		return {
			pos: from,
			end: to,
			above: true,
			create() {
				const dom = document.createElement("div");
				dom.className = "cm-nbbundle-diagnosticTooltip";
				for (const mark of found) {
					const line = dom.appendChild(document.createElement("div"));
					line.className = `cm-nbbundle-${mark.severity}`;
					line.textContent = mark.message;
					if (mark.hint) {
						const hint = dom.appendChild(document.createElement("div"));
						hint.className = "cm-nbbundle-diagnosticHint";
						hint.textContent = `hint: ${mark.hint}`;
					}
				}
				return { dom };
			}
		};
	});
}

/** The underline in the colours JupyterLab uses for errors and warnings. */
export const diagnosticsTheme = EditorView.baseTheme({
	".cm-nbbundle-diagnostic.cm-nbbundle-error": {
		textDecoration: "underline wavy var(--jp-error-color1, #d32f2f)",
		textDecorationSkipInk: "none",
		textUnderlineOffset: "3px"
	},
	".cm-nbbundle-diagnostic.cm-nbbundle-warning": {
		textDecoration: "underline wavy var(--jp-warn-color1, #f57c00)",
		textDecorationSkipInk: "none",
		textUnderlineOffset: "3px"
	},
	".cm-nbbundle-diagnosticPoint": {
		borderRadius: "2px",
		backgroundColor: "color-mix(in srgb, var(--jp-error-color1, #d32f2f) 18%, transparent)"
	},
	".cm-nbbundle-diagnosticPoint.cm-nbbundle-warning": {
		backgroundColor: "color-mix(in srgb, var(--jp-warn-color1, #f57c00) 18%, transparent)"
	},
	".cm-nbbundle-diagnosticTooltip": {
		padding: "2px 6px",
		fontFamily: "var(--jp-code-font-family, monospace)",
		fontSize: "var(--jp-code-font-size, 13px)"
	},
	".cm-nbbundle-diagnosticHint": { opacity: "0.8" },
	".cm-nbbundle-diagnosticTooltip .cm-nbbundle-error": { color: "var(--jp-error-color1, #d32f2f)" },
	".cm-nbbundle-diagnosticTooltip .cm-nbbundle-warning": { color: "var(--jp-warn-color1, #f57c00)" }
});
