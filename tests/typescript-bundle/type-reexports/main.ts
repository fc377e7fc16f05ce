// A library entry that re-exports interfaces without `type` (TS1205 under isolatedModules):
// transpileModule's output fails under node, but a bundler sees the whole graph and drops them.
import * as lib from "./lib/index";
import { Options, defaults, area, Kind, type Shape } from "./lib/index";

const options: Options = { ...defaults, verbose: true };
const shape: Shape = { side: 3 };
console.log(Object.keys(lib).sort().join(","));
console.log(area(shape), Kind.Square, options.verbose, "Options" in lib, "Alias" in lib);
