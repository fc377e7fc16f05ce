// "type": "commonjs" with ES builds under "exports" (.mjs), subpath zustand/vanilla.
import { createStore } from "zustand/vanilla";

const store = createStore((set) => ({ count: 0, inc: () => set((s) => ({ count: s.count + 1 })) }));
const seen = [];
const unsubscribe = store.subscribe((state, previous) => seen.push(`${previous.count}->${state.count}`));
store.getState().inc();
store.getState().inc();
unsubscribe();
store.getState().inc();
console.log(seen.join(" "), store.getState().count);
