// A large ES package of factories (hundreds of modules), typed-function, complex.js, fraction.js.
import { create, all } from "mathjs";

const math = create(all);
console.log(math.evaluate("sqrt(3^2 + 4^2)"), math.format(math.fraction(1, 3)), math.det([[1, 2], [3, 4]]));
console.log(math.format(math.evaluate("2 inch to cm"), 4), math.simplify("2x + 3x").toString(), math.complex(2, 3).abs().toFixed(4));
