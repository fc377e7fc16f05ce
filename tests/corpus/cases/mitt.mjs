// A tiny package: "module" and "main" builds behind "exports".
import mitt from "mitt";

const emitter = mitt();
const log = [];
emitter.on("*", (type, e) => log.push(`* ${type} ${e}`));
emitter.on("foo", (e) => log.push(`foo ${e}`));
emitter.emit("foo", 1);
emitter.all.clear();
emitter.emit("foo", 2);
console.log(log.join(", "));
