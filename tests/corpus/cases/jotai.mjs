// "type": "commonjs" with ES builds under "exports", subpath jotai/vanilla.
import { atom, createStore } from "jotai/vanilla";

const count = atom(1);
const double = atom((get) => get(count) * 2);
const store = createStore();
const seen = [];
store.sub(double, () => seen.push(store.get(double)));
store.set(count, 5);
console.log(store.get(double), seen.join());
