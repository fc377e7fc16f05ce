// The events polyfill (CommonJS): named imports Node's lexer does not find there.
import { EventEmitter, once } from "events";

const emitter = new EventEmitter();
const log = [];
emitter.on("x", (v) => log.push(v));
emitter.once("x", (v) => log.push(`once ${v}`));
emitter.emit("x", 1);
emitter.emit("x", 2);
console.log(log.join(" "), emitter.listenerCount("x"), typeof once);
