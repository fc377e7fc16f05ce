export const log: string[] = []
export function open(name: string) {
  return { name, [Symbol.dispose]() { log.push(`close ${name}`) } }
}
export function openAsync(name: string) {
  return { name, async [Symbol.asyncDispose]() { await null; log.push(`async close ${name}`) } }
}
