// CommonJS with "browser": {"crypto": false}: the empty module stands for Node's crypto.
import seedrandom from "seedrandom";

const rng = seedrandom("hello.");
console.log(rng().toFixed(12), rng.int32(), seedrandom.alea("seed")().toFixed(12));
