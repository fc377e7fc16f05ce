// Syntax newer than node 20 and current browsers, lowered as tsc does at ES2022.
import type { Shape } from "./types.js"

class Counter {
  accessor count = 1
  static accessor instances: number = 0
  private accessor #secret = "s"
  accessor label: string;
  constructor() { Counter.instances++; this.label = "c" + Counter.instances }
  reveal() { return this.#secret }
}
const counter = new Counter()
counter.count += 2
new Counter()
console.log(counter.count, Counter.instances, counter.label, counter.reveal())
console.log(Object.keys(counter).length, "count" in Counter.prototype)

const log: string[] = []
function resource(name: string) {
  return { name, [Symbol.dispose]() { log.push(`dispose ${name}`) } }
}
function asyncResource(name: string) {
  return { name, async [Symbol.asyncDispose]() { await null; log.push(`async dispose ${name}`) } }
}

function useTwo() {
  log.push("start")
  using a = resource("a"), b = resource("b")
  using none = null
  log.push(`using ${a.name} ${b.name} ${none}`)
  return a.name + b.name
}
console.log(useTwo(), log.splice(0).join("; "))

try {
  {
    using failing = resource("f")
    throw new Error(`boom ${failing.name}`)
  }
} catch (error) {
  console.log((error as Error).message, log.splice(0).join("; "))
}

async function useAsync(): Promise<string> {
  await using x = asyncResource("x")
  using y = resource("y")
  log.push("body")
  return x.name + y.name
}
async function loops() {
  for (using r of [resource("l1"), resource("l2")]) log.push(`loop ${r.name}`)
  for (using r of [resource("l3")]) {
    log.push(`block ${r.name}`)
  }
  async function* resources() { yield asyncResource("l4"); yield asyncResource("l5") }
  for await (await using r of resources()) log.push(`await ${r.name}`)
}
const shape: Shape = { area: () => 2 }
useAsync().then((value) => console.log(value, log.splice(0).join("; "), shape.area()))
  .then(loops).then(() => console.log(log.join("; ")))
