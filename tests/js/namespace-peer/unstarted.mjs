// The module whose namespace unstarted-prober.mjs probes before this body runs.
export let late = 1;
export class Shape {}
export var plain = 2;
export function fn() {}
export default late + 1;
