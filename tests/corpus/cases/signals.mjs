// @preact/signals-core: a scoped package with "exports" and "mangle" properties.
import { signal, computed, effect, batch } from "@preact/signals-core";

const a = signal(1);
const double = computed(() => a.value * 2);
const seen = [];
const stop = effect(() => seen.push(double.value));
batch(() => {
	a.value = 2;
	a.value = 3;
});
stop();
a.value = 10;
console.log(seen.join(), double.value);
