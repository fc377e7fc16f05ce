// What the classic bundle runs first (runtime_prelude.py inlines the runtime before this file):
// install the module system on the global object under its acquisition name.

import { installModuleSystem } from "./module-system.js";

export const moduleSystem = installModuleSystem(globalThis);
