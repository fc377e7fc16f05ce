import { signal, computed, effect, batch, untracked } from "LIBRARY";

const count = signal(1);
const double = computed(() => count.value * 2);
const log = [];
const dispose = effect(() => { log.push(`count=${count.value} double=${double.value}`); return () => log.push("cleanup"); });
count.value = 2;
batch(() => { count.value = 3; count.value = 4; });
console.log(untracked(() => double.value), double.peek(), String(count), JSON.stringify(count));
dispose();
count.value = 5;
console.log(log.join(" | "));
const name = signal("a");
const unsubscribe = name.subscribe((v) => log.push(`name ${v}`));
name.value = "b";
unsubscribe();
name.value = "c";
console.log(log.slice(-2).join(" | "), name.value);
