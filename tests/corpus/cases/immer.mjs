// ES module; frozen results, patches.
import { produce, enablePatches, produceWithPatches, isDraft } from "immer";

enablePatches();
const base = { todos: [{ title: "a", done: false }] };
const next = produce(base, (draft) => {
	draft.todos[0].done = true;
	draft.todos.push({ title: "b", done: false });
});
console.log(base.todos.length, next.todos.length, next.todos[0].done, Object.isFrozen(next), isDraft(next));
const [, patches] = produceWithPatches(base, (draft) => {
	draft.todos[0].title = "z";
});
console.log(JSON.stringify(patches));
