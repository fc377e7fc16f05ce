// verbatimModuleSyntax: an import never used as a value is kept (its module runs); only
// imports marked `type` go.
import { unused } from "./effects.js";
import type { Shape } from "./effects.js";
const s: Shape = { side: 2 };
console.log("main", s.side);
