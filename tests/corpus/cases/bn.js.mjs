// CommonJS that requires "buffer" in a try, with "browser": {"buffer": false}.
import BN from "bn.js";

const a = new BN("123456789012345678901234567890");
console.log(a.mul(new BN(3)).toString(10), a.toString(16), new BN(255).toArray().join());
