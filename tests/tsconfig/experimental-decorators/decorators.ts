// Decorators as Lit, MobX and TypeORM write them, logging what they receive and when.
export const log: string[] = [];

export function member(label: string) {
  log.push(`evaluate ${label}`);
  return (target: any, key: string, descriptor?: PropertyDescriptor): any => {
    const where = typeof target === "function" ? "static" : "prototype";
    log.push(`${label}: ${where} ${String(key)} ${descriptor ? Object.keys(descriptor).sort().join("/") : "field"}`);
    if (descriptor && typeof descriptor.value === "function" && where === "prototype") {
      const original = descriptor.value;
      return { ...descriptor, value(this: unknown, ...args: unknown[]) { return `${label}(${original.apply(this, args)})`; } };
    }
  };
}

export function parameter(label: string) {
  return (target: any, key: string | undefined, index: number) => log.push(`${label}: ${key ?? "constructor"} #${index}`);
}

export function element<T extends new (...args: any[]) => object>(tag: string) {
  log.push(`evaluate element ${tag}`);
  return (constructor: T) => {
    log.push(`element ${tag}: ${constructor.name}`);
    return class extends constructor { tag = tag; };
  };
}
