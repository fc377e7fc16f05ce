// Torture variants of JavaScript files, made from acorn's tokens (never from a pattern over the
// text, which would mangle strings, regular expressions and templates):
//
//   comments  a block comment in every gap between two tokens
//   nbsp      every space between two tokens becomes a non-breaking space (U+00A0)
//   escapes   identifiers and string literals start with a Unicode escape (\u0063ount, "\u002e/x.js")
//   nosemi    the `standard` style: every semicolon that ends a statement (or a class field) before
//             a line break or a `}` removed, and a `;` put before a line that begins with `(`,
//             `[`, a template, `+`, `-`, `/` or (in a class body) `*`, so it still starts anew
//
// Gaps inside template literals (next to a template's text) are left alone, and so are the
// directive strings ("use strict"), contextual keywords (`as`, `from`, `let`, …: an escaped one
// is a syntax error) and reserved words. Input on stdin:
//   {"acorn": "/path/to/acorn.mjs", "jobs": [{"src": "...", "dst": "...", "kind": "comments"}]}
// Output: the variants written to each `dst`; a file acorn cannot read is copied unchanged and
// named on stderr.
import { readFileSync, writeFileSync } from "node:fs";

const input = JSON.parse(readFileSync(0, "utf8"));
const acorn = await import(input.acorn);
const { tokTypes: tt } = acorn;

const COMMENT = "/* c */";
const CONTEXTUAL = new Set([
	"as", "async", "await", "from", "get", "let", "meta", "of", "set", "static", "target", "yield", "accessor",
	"implements", "interface", "package", "private", "protected", "public", "enum",
]);
const DIRECTIVES = new Set(["use strict", "use asm"]);

/** @param {string} source */
function tokenize(source) {
	for (const sourceType of ["module", "script"]) {
		const comments = [];
		try {
			const tokens = [...acorn.tokenizer(source, {
				ecmaVersion: "latest", sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === "script",
				allowAwaitOutsideFunction: true, onComment: comments,
			})];
			return { tokens, comments };
		} catch {
			// Not a module (e.g. CommonJS with a `with` statement): try a script.
		}
	}
	return null;
}

/** Whether the gap between `previous` and `next` is a template literal's text. */
function inTemplateText(previous, next) {
	const text = (token) => token.type === tt.template || token.type === tt.invalidTemplate;
	return text(previous) || text(next);
}

/** @param {number} codePoint */
function escapeCodePoint(codePoint) {
	return codePoint > 0xffff ? `\\u{${codePoint.toString(16)}}` : `\\u${codePoint.toString(16).padStart(4, "0")}`;
}

/** The raw text of `token`, rewritten for the `escapes` variant. */
function escapeToken(source, token) {
	const raw = source.slice(token.start, token.end);
	if (token.type === tt.name) {
		if (CONTEXTUAL.has(token.value) || raw.includes("\\")) return raw;
		const first = raw.codePointAt(0);
		return escapeCodePoint(first) + raw.slice(String.fromCodePoint(first).length);
	}
	if (token.type === tt.string) {
		if (DIRECTIVES.has(token.value) || raw.length < 3 || raw[1] === "\\") return raw;
		const first = raw.codePointAt(1);
		return raw[0] + escapeCodePoint(first) + raw.slice(1 + String.fromCodePoint(first).length);
	}
	return raw;
}

/** Replace the spaces of `gap` (outside its comments) with non-breaking spaces. */
function nbspGap(gap, gapStart, comments) {
	let out = "";
	for (let i = 0; i < gap.length; i++) {
		const at = gapStart + i;
		const inComment = comments.some((comment) => comment.start <= at && at < comment.end);
		out += gap[i] === " " && !inComment ? "\u00a0" : gap[i];
	}
	return out;
}

/** Whether `source` has module syntax: CommonJS files keep their identifiers, because node's
 * CommonJS export lexer does not read escapes (`exports.\u0061 = 1` exports nothing to ESM). */
function isModule(source) {
	try {
		const program = acorn.parse(source, { ecmaVersion: "latest", sourceType: "module", allowHashBang: true });
		return program.body.some((node) => /^(Import|Export)/.test(node.type)) || hasImportMeta(program);
	} catch {
		return false;
	}
}

/** Whether the tree has an `import.meta` (an iterative walk over acorn's nodes). */
function hasImportMeta(root) {
	const stack = [root];
	while (stack.length) {
		const node = stack.pop();
		if (node.type === "MetaProperty" && node.meta.name === "import") return true;
		for (const value of Object.values(node)) {
			for (const child of Array.isArray(value) ? value : [value]) {
				if (child && typeof child.type === "string") stack.push(child);
			}
		}
	}
	return false;
}

/** Statement kinds whose own `;` automatic semicolon insertion can put back. */
const STATEMENTS = new Set([
	"ExpressionStatement", "VariableDeclaration", "ReturnStatement", "ThrowStatement", "BreakStatement",
	"ContinueStatement", "DoWhileStatement", "DebuggerStatement", "ImportDeclaration", "ExportNamedDeclaration",
	"ExportAllDeclaration", "ExportDefaultDeclaration", "PropertyDefinition",
]);
/** Field names that, without their `;`, would begin a getter, setter, static or async member. */
const MODIFIER_FIELDS = new Set(["get", "set", "static", "async", "accessor"]);

/** The offsets of the semicolons that end a statement or a class field (acorn's tree). */
function statementSemicolons(source) {
	for (const sourceType of ["module", "script"]) {
		let program;
		try {
			program = acorn.parse(source, {
				ecmaVersion: "latest", sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === "script",
				allowAwaitOutsideFunction: true,
			});
		} catch {
			continue;
		}
		const found = new Set();
		const stack = [program];
		while (stack.length) {
			const node = stack.pop();
			const modifier = node.type === "PropertyDefinition" && node.value === null && !node.computed
				&& MODIFIER_FIELDS.has(node.key.name);
			if (STATEMENTS.has(node.type) && source[node.end - 1] === ";" && !modifier) found.add(node.end - 1);
			for (const value of Object.values(node)) {
				for (const child of Array.isArray(value) ? value : [value]) {
					if (child && typeof child.type === "string") stack.push(child);
				}
			}
		}
		return found;
	}
	return new Set();
}

/** Whether `token` would continue a statement that ends without `;` before it. */
function continues(token) {
	return [tt.parenL, tt.bracketL, tt.backQuote, tt.plusMin, tt.slash, tt.regexp, tt.star].includes(token.type);
}

/** The `nosemi` variant (see the header), from acorn's tokens and tree. */
function withoutSemicolons(source, tokens) {
	const optional = statementSemicolons(source);
	let out = source.slice(0, tokens.length ? tokens[0].start : source.length);
	let separate = false;
	for (let i = 0; i < tokens.length; i++) {
		const token = tokens[i];
		const next = tokens[i + 1];
		const gap = source.slice(token.end, next ? next.start : source.length);
		if (separate && continues(token)) out += ";";
		separate = false;
		const lineEnds = !next || next.type === tt.braceR || /[\n\r\u2028\u2029]/.test(gap);
		if (token.type === tt.semi && optional.has(token.start) && lineEnds) {
			separate = true;
		} else {
			out += source.slice(token.start, token.end);
		}
		out += gap;
	}
	return out;
}

function variant(source, kind) {
	const read = tokenize(source);
	if (read === null) return null;
	if (kind === "nosemi") return withoutSemicolons(source, read.tokens);
	if (kind === "escapes" && !isModule(source)) return source;
	const { tokens, comments } = read;
	let out = source.slice(0, tokens.length ? tokens[0].start : source.length);
	for (let i = 0; i < tokens.length; i++) {
		const token = tokens[i];
		const next = tokens[i + 1];
		out += kind === "escapes" ? escapeToken(source, token) : source.slice(token.start, token.end);
		const gapEnd = next ? next.start : source.length;
		const gap = source.slice(token.end, gapEnd);
		if (!next || inTemplateText(token, next)) {
			out += gap;
		} else if (kind === "comments") {
			// A space first where the token ends in "/" (division, a regex): "//*" would open a line comment.
			out += gap + (source[token.end - 1] === "/" ? " " : "") + COMMENT;
		} else if (kind === "nbsp") {
			out += nbspGap(gap, token.end, comments);
		} else {
			out += gap;
		}
	}
	return out;
}

for (const job of input.jobs) {
	const source = readFileSync(job.src, "utf8");
	const result = variant(source, job.kind);
	if (result === null) process.stderr.write(`acorn cannot read ${job.src}; copied unchanged\n`);
	writeFileSync(job.dst, result ?? source);
}
