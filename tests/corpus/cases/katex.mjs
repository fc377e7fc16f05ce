// One large ES build (exports: import → katex.mjs, require → katex.js).
import katex from "katex";

const html = katex.renderToString("c = \\pm\\sqrt{a^2 + b^2}", { output: "mathml" });
console.log(html.length > 100, html.includes("<math"), (html.match(/<mi>/g) ?? []).length);
try {
	katex.renderToString("\\frac{", { throwOnError: true });
} catch (error) {
	console.log(error.name);
}
