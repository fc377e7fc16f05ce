// Module ids are posix paths relative to the build root; these join a relative specifier to
// the importing module's id, the one rule for `import(variable)`, `hot.accept(dep)` and
// `import.meta.resolve`, and list the files a path may name, as the resolver does.

import { EXTENSIONS, TYPESCRIPT_SOURCES } from "./file-candidates.js";

/**
 * `specifier` (starting with `/`, `./` or `../`) against the id or path `base`, dot segments
 * removed; an absolute specifier starts at the root (the result never starts with `/`).
 *
 * @param {string} base
 * @param {string} specifier
 * @returns {string}
 */
export function joinPath(base, specifier) {
	const segments = specifier.startsWith("/") ? [] : base.split("/").slice(0, -1);
	for (const segment of specifier.split("/")) {
		if (segment === "..") segments.pop();
		else if (segment !== "." && segment !== "") segments.push(segment);
	}
	return segments.join("/");
}

/**
 * The files a path may name, in the order the resolver tries them (nbbundle/resolve/candidates.py):
 * exact, extensions, the TypeScript source of a `.js` name, then index files.
 *
 * @param {string} base
 * @returns {string[]}
 */
export function fileCandidates(base) {
	// posixpath.splitext's rule: the last dot starts a suffix unless only dots come before it.
	const slash = base.lastIndexOf("/");
	const dot = base.lastIndexOf(".");
	const hasSuffix = dot > slash && /[^.]/.test(base.slice(slash + 1, dot));
	const stem = hasSuffix ? base.slice(0, dot) : base;
	const typescript = hasSuffix ? TYPESCRIPT_SOURCES[base.slice(dot)] ?? [] : [];
	return [
		base,
		...EXTENSIONS.map((extension) => base + extension),
		...typescript.map((extension) => stem + extension),
		...EXTENSIONS.map((extension) => `${base}/index${extension}`),
	];
}
