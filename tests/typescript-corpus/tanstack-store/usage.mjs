import { Store, createStore, createAtom, batch, shallow } from "LIBRARY";

const store = new Store({ count: 0, name: "a" });
const seen = [];
const subscription = store.subscribe((value) => seen.push(JSON.stringify(value)));
store.setState((prev) => ({ ...prev, count: prev.count + 1 }));
batch(() => { store.setState((p) => ({ ...p, name: "b" })); store.setState((p) => ({ ...p, count: 5 })); });
console.log(JSON.stringify(store.state), seen.join(" "));
if (typeof subscription === "function") subscription(); else subscription.unsubscribe();
const atom = createAtom(1);
const doubled = createAtom(() => atom.get() * 2);
atom.set(4);
console.log(atom.get(), doubled.get(), shallow({ a: 1 }, { a: 1 }), shallow({ a: 1 }, { a: 2 }));
const counter = createStore(10);
counter.setState((n) => n + 1);
console.log(counter.state);
