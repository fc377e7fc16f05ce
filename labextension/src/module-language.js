// A `%%module` cell as one CodeMirror language: the magic line, then the module's text parsed by
// the body language (JupyterLab's own JavaScript, CSS or JSON parser), mounted with parseMixed as
// Markdown mounts its code blocks. Highlighting, indentation, bracket matching and language data
// (comment tokens, close brackets, completions) inside the body are the body language's own.

import { Language, defineLanguageFacet, languageDataProp } from "@codemirror/language";
import { NodeSet, NodeType, Parser, Tree, parseMixed } from "@lezer/common";
import { styleTags, tags } from "@lezer/highlight";

import { readModuleMagic } from "./module-cell.js";

// Node types of the host tree. The top node carries the module-cell language's data facet, so
// the magic line has language data of its own; the body's top node carries the body language's.
const magicData = defineLanguageFacet({});
const TYPES = new NodeSet([
	NodeType.define({ id: 0, name: "ModuleCell", top: true, props: [[languageDataProp, magicData]] }),
	NodeType.define({ id: 1, name: "MagicLine" }),
	NodeType.define({ id: 2, name: "MagicName" }),
	NodeType.define({ id: 3, name: "ModuleName" }),
	NodeType.define({ id: 4, name: "MagicOption" }),
	NodeType.define({ id: 5, name: "ModuleBody" })
]).extend(styleTags({
	// Shown as a magic: the colour JupyterLab gives Python decorators (`meta`).
	"MagicName MagicOption": tags.meta,
	ModuleName: tags.special(tags.string)
}));
const [CELL, LINE, MAGIC, NAME, OPTION, BODY] = TYPES.types;
/** @typedef {import("@lezer/common").PartialParse} PartialParse */

const TOKEN_TYPE = { magic: MAGIC, name: NAME, option: OPTION };

/**
 * The host parse: split the text into the magic line and the body. It reads only the first line,
 * so it is cheap on every keystroke; the body's parse is incremental (parseMixed reuses it).
 *
 * @implements {PartialParse}
 */
class ModuleCellParse {
	/**
	 * @param {import("@lezer/common").Input} input
	 * @param {readonly {from: number, to: number}[]} ranges
	 */
	constructor(input, ranges) {
		this.input = input;
		this.from = ranges[0].from;
		this.to = ranges[ranges.length - 1].to;
		/** @type {number | null} */
		this.stoppedAt = null;
		this.parsedPos = this.from;
	}

	advance() {
		const { input, from, to } = this;
		let lineEnd = from;
		while (lineEnd < to) {
			const chunk = input.read(lineEnd, Math.min(to, lineEnd + 512));
			const newline = chunk.indexOf("\n");
			if (newline !== -1) {
				lineEnd += newline;
				break;
			}
			lineEnd += chunk.length;
		}
		const line = input.read(from, lineEnd);
		const magic = readModuleMagic(line);
		const words = (magic?.tokens ?? []).map(t => new Tree(TOKEN_TYPE[t.role], [], [], t.to - t.from));
		const children = [new Tree(LINE, words, (magic?.tokens ?? []).map(t => t.from), lineEnd - from)];
		const positions = [0];
		const bodyStart = Math.min(lineEnd + 1, to);
		if (bodyStart < to) { // an empty body would be an empty range for the nested parser
			children.push(new Tree(BODY, [], [], to - bodyStart));
			positions.push(bodyStart - from);
		}
		this.parsedPos = to;
		return new Tree(CELL, children, positions, to - from);
	}

	/** @param {number} pos */
	stopAt(pos) {
		this.stoppedAt = pos;
	}
}

/**
 * The language of `%%module` cells whose body `bodyLanguage` parses.
 *
 * @param {Language} bodyLanguage e.g. JupyterLab's javascript() language (JSX off)
 * @returns {Language}
 */
export function moduleCellLanguage(bodyLanguage) {
	const nest = parseMixed(node => (node.type === BODY ? { parser: bodyLanguage.parser } : null));
	class ModuleCellParser extends Parser {
		/** @type {Parser["createParse"]} */
		createParse(input, fragments, ranges) {
			return nest(new ModuleCellParse(input, ranges), input, fragments, ranges);
		}
	}
	return new Language(magicData, new ModuleCellParser(), [], `nbbundle-module-${bodyLanguage.name}`);
}
