// React's own transform, for tests/python/compile/test_react_refresh_babel.py: reads one JSON
// line per module ({"code", "typescript"}) and writes one back ({"code"} or {"error"}): what
// react-refresh/babel makes of it, with the full signature keys (emitFullSignatures) as
// React's own tests print them. Run from the npm cache folder that holds @babel/core.
const path = require("node:path");
const readline = require("node:readline");
const { createRequire } = require("node:module");

const load = createRequire(path.join(process.cwd(), "package.json"));
const babel = load("@babel/core");
const refresh = load("react-refresh/babel");
const jsx = load("@babel/plugin-syntax-jsx");
const typescriptSyntax = load("@babel/plugin-syntax-typescript");

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
	const { code, typescript } = JSON.parse(line);
	const syntax = typescript ? [typescriptSyntax, { isTSX: true }] : jsx;
	try {
		const out = babel.transformSync(code, {
			babelrc: false,
			configFile: false,
			plugins: [syntax, [refresh, { skipEnvCheck: true, emitFullSignatures: true }]],
		});
		process.stdout.write(`${JSON.stringify({ code: out.code })}\n`);
	} catch (error) {
		process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
	}
});
