// "browser": "./src/browser.js" (string form); nothing is enabled, so nothing is printed by it.
import createDebug from "debug";

const log = createDebug("corpus:test");
log("not printed");
console.log(typeof log, log.enabled, log.namespace, typeof createDebug.enable);
