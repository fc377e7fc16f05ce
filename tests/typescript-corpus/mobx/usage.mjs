import { observable, computed, autorun, reaction, action, runInAction, makeAutoObservable, when, toJS, configure, comparer } from "LIBRARY";

configure({ enforceActions: "never" });
class Todos {
  items = [];
  filter = "all";
  constructor() { makeAutoObservable(this); }
  get remaining() { return this.items.filter((t) => !t.done).length; }
  add(title) { this.items.push({ title, done: false }); }
  toggle(index) { this.items[index].done = !this.items[index].done; }
}
const todos = new Todos();
const log = [];
const dispose = autorun(() => log.push(`remaining ${todos.remaining} of ${todos.items.length}`));
todos.add("a"); todos.add("b"); todos.toggle(0);
runInAction(() => { todos.add("c"); todos.add("d"); });
dispose();
todos.add("e");
console.log(log.join(" | "));
const box = observable.box(1);
const doubled = computed(() => box.get() * 2);
const seen = [];
const stop = reaction(() => doubled.get(), (value, previous) => seen.push(`${previous}->${value}`));
box.set(2); box.set(2); box.set(5);
stop();
console.log(seen.join(" "));
const map = observable.map({ a: 1 });
const increment = action((key) => map.set(key, (map.get(key) ?? 0) + 1));
increment("a"); increment("b");
console.log(JSON.stringify(toJS(map)), comparer.structural({ x: [1] }, { x: [1] }));
const flag = observable.box(false);
const waited = when(() => flag.get());
flag.set(true);
await waited;
console.log("when resolved", JSON.stringify(toJS(todos.items)));
