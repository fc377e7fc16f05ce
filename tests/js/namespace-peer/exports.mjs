// The native peer of the namespace in namespace-object.test.mjs (same exports, same order).
export let count = 0;
export function bump() {
	count++;
}
export const object = { x: 1 };
export class Shape {}
export var plain;
export default "dflt";
export { count as "with space", count as "10", count as "9", count as "__proto__" };
