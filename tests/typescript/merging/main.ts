// A namespace merged with a class, a function and an enum; enums and namespaces in two blocks,
// the second after a statement without `;` (the IIFE must not become call arguments).
export class Point {
  constructor(public x: number, public y: number) {}
}
export namespace Point {
  export const origin = new Point(0, 0)
  export function of(x: number, y: number) { return new Point(x, y) }
}

function greet(name: string) { return `hello ${name}` }
namespace greet {
  export const punctuation = "!"
}

export enum Color { Red, Green }
let shade = "light"
export enum Color { Blue = 5 }
let tint = 2
namespace Color {
  export function describe(c: Color) { return Color[c] }
}

namespace Shapes {
  export class Square { constructor(readonly side: number) {} }
  export namespace Square { export const unit = new Square(1) }
  enum Kind { Flat }
  let local = 1
  enum Kind { Round = 3 }
  export const kinds = [Kind.Flat, Kind.Round, local]
}
namespace Shapes { export const extra = Shapes.kinds.length }

console.log(Point.origin.x, Point.of(2, 3).y)
console.log(greet("ts") + greet.punctuation)
console.log(Color.Red, Color.Green, Color.Blue, Color[5], shade, tint)
console.log(Color.describe(Color.Green))
console.log(Shapes.Square.unit.side, Shapes.kinds.join(","), Shapes.extra)
