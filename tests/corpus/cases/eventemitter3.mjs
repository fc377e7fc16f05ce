// "exports": an ES wrapper (index.mjs) over the CommonJS build.
import EventEmitter from "eventemitter3";

const e = new EventEmitter();
const seen = [];
e.on("a", (x) => seen.push(x), null);
e.once("a", (x) => seen.push(x * 10));
e.emit("a", 1);
e.emit("a", 2);
console.log(seen.join(), e.listenerCount("a"), JSON.stringify(e.eventNames()));
