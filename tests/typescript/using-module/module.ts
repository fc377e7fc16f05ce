// `using` at a module's top level: the module's bindings stay the module's (exported too).
import { log, open, openAsync } from "./resources.js"

export function describe() { return `${first.name}+${second.name} ${total}` }

using first = open("first")
export const total: number = 2
interface Unused { a: number }
let counter = 0, { extra } = { extra: "x" }
export class Session { id = ++counter }
await using second = openAsync("second")
log.push(`body ${describe()} ${new Session().id} ${extra}`)
