// CommonJS that require()s dual packages (async-function: "import" → an ES wrapper whose only
// export is default, "default" → the CommonJS function): require() must take the CommonJS one.
import GetIntrinsic from "get-intrinsic";

console.log(typeof GetIntrinsic("%AsyncFunction%"), GetIntrinsic("%AsyncFunction.prototype%") === Object.getPrototypeOf(async function () {}));
console.log(GetIntrinsic("%Array.prototype.push%") === Array.prototype.push, typeof GetIntrinsic("%GeneratorFunction%"));
