// Namespaces become objects; exported variables are properties, read through the namespace.
import { Geometry } from "./geometry.js";

namespace Counter {
  export let value = 0;
  export function increment(by = 1) {
    value += by;
    return value;
  }
  const hidden = "hidden";
  export const reveal = () => hidden;
  export class Box {
    constructor(public content: string) {}
  }
  export enum Mode { Fast, Slow }
  export namespace Nested {
    export const depth = value + 1;
  }
}

namespace Outer.Inner.Deep {
  export const where = "deep";
}

namespace OnlyTypes {
  export interface Point { x: number }
  export type Name = string;
}

module Legacy {
  export var old = "module keyword";
}

declare namespace Declared {
  const nothing: number;
}

function shadow(value: number) {
  return value;
}

console.log(Counter.increment(), Counter.increment(2), Counter.value, Counter.reveal());
console.log(new Counter.Box("gift").content, Counter.Mode.Slow, Counter.Nested.depth);
console.log(Outer.Inner.Deep.where, Legacy.old, typeof OnlyTypes, shadow(5));
console.log(Geometry.area({ w: 2, h: 3 }), Geometry.unit);
