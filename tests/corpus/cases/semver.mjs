// CommonJS with many internal requires and a require cycle (classes/range ⇄ classes/comparator).
import semver from "semver";

console.log(semver.satisfies("1.2.3", "^1.0.0"), semver.maxSatisfying(["1.2.3", "1.4.0", "2.0.0"], "~1.4"), semver.inc("1.2.3", "minor"));
console.log(semver.valid(semver.coerce("v2")), new semver.Range(">=1.2 <2").toString());
