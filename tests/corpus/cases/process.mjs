// The process polyfill: "browser": "./browser.js" (a string form main).
import process from "process/browser.js";

const log = [];
process.nextTick(() => {
	log.push("tick");
	console.log(log.join(" "));
});
log.push("sync");
console.log(typeof process.nextTick, typeof process.cwd, Array.isArray(process.argv));
