// ES modules written without semicolons (the "standard" style): the compiler's inserted text at
// a line start must not join the previous statement.
import { atom, computed, map } from "nanostores";

const $count = atom(1);
const $double = computed($count, (n) => n * 2);
const seen = [];
const unbind = $double.subscribe((v) => seen.push(v));
$count.set(5);
unbind();
const $user = map({ name: "a" });
$user.setKey("name", "b");
console.log(seen.join(), $user.get().name);
