// "browser": "decimal.js" (string form) next to "exports" with an .mjs build.
import Decimal from "decimal.js";

console.log(new Decimal(0.1).plus(0.2).toString(), new Decimal(2).sqrt().toFixed(20), Decimal.pow(2, 100).toString());
