// "browser": {"util": …, "./lib/ours/index.js": "./lib/ours/browser.js"}, over buffer, events,
// process, string_decoder and abort-controller.
import { Readable, Transform } from "readable-stream";

const chunks = [];
const upper = new Transform({
	transform(chunk, encoding, callback) {
		callback(null, String(chunk).toUpperCase());
	},
});
Readable.from(["a", "b", "c"]).pipe(upper).on("data", (c) => chunks.push(String(c))).on("end", () => console.log(chunks.join("")));
