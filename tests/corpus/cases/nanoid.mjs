// "browser": {"./index.js": "./index.browser.js"} under "exports" with a "browser" condition.
import { nanoid, customAlphabet } from "nanoid";

console.log(nanoid().length, nanoid(10).length, /^[A-Za-z0-9_-]+$/.test(nanoid()));
const digits = customAlphabet("0123456789", 6);
console.log(/^\d{6}$/.test(digits()));
