import { produce, enablePatches, enableMapSet, produceWithPatches, applyPatches, current, isDraft, freeze, nothing } from "LIBRARY";

enablePatches();
enableMapSet();
const base = { todos: [{ title: "a", done: false }], tags: new Set(["x"]), meta: new Map([["k", 1]]) };
const next = produce(base, (draft) => {
  draft.todos.push({ title: "b", done: true });
  draft.todos[0].done = true;
  draft.tags.add("y");
  draft.meta.set("k", 2);
  console.log("draft", isDraft(draft), JSON.stringify(current(draft).todos));
});
console.log(JSON.stringify(next.todos), [...next.tags].join(","), next.meta.get("k"), Object.isFrozen(next));
console.log(next.todos[0] !== base.todos[0], base.todos[0].done, produce(base, () => {}) === base);
const [result, patches, inverse] = produceWithPatches({ n: 1, list: [1, 2, 3] }, (d) => { d.n++; d.list.splice(1, 1); });
console.log(JSON.stringify(result), JSON.stringify(patches), JSON.stringify(inverse));
console.log(JSON.stringify(applyPatches({ n: 1 }, [{ op: "replace", path: ["n"], value: 5 }])));
console.log(produce({ a: 1 }, () => nothing), JSON.stringify(freeze({ deep: { x: 1 } }, true)));
