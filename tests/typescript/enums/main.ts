// Enums are objects at run time: numeric members map both ways, string members one way.
import { Level, Flags } from "./levels.js";

enum Direction {
  Up,
  Down = 5,
  Left,
  Right = Left * 2,
}

const enum Inline { A = "a", B = A + "b", C = `c`.length }

enum Mixed {
  No = 0,
  Yes = "YES",
  Computed = "abc".length,
  Hex = 0x10,
  Shifted = 1 << 3,
  Negative = -Hex,
  "quoted-name" = 7,
}

enum Merged { First = 1 }
enum Merged { Second = 2 }

declare enum Ambient { Nothing }

function local() {
  enum Inner { X = 10, Y }
  return Inner.Y;
}

console.log(Direction.Up, Direction.Down, Direction.Left, Direction.Right, Direction[6]);
console.log(JSON.stringify(Direction), JSON.stringify(Mixed));
console.log(Inline.A, Inline.B, Inline.C, Mixed["quoted-name"], Mixed[7]);
console.log(Merged.First, Merged.Second, Merged[2], local());
console.log(Level.Warn, Level[Level.Error], Flags.All, typeof Ambient);
