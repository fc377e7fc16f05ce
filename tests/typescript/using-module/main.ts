import { log } from "./resources.js"
import { describe, total, Session } from "./module.js"

console.log(log.join("; "))
console.log(describe(), total, new Session().id)
