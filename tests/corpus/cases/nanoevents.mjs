// A tiny ES module without semicolons.
import { createNanoEvents } from "nanoevents";

const emitter = createNanoEvents();
const seen = [];
const unbind = emitter.on("x", (v) => seen.push(`x${v}`));
emitter.emit("x", 1);
unbind();
emitter.emit("x", 2);
console.log(seen.join(), typeof emitter.events);
