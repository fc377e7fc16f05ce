// TypeScript elides import bindings that are never used as values, and then the whole import:
// the modules below log when they load, so an import that should be gone would show up.
import type { Shape } from "./types.js";
import { type Color, paint } from "./paint.js";
import { Unused } from "./unused.js";
import { OnlyAType } from "./only-type.js";
import * as NeverUsed from "./never-used.js";
import Default, { named } from "./default.js";
import {} from "./empty-braces.js";
import "./side-effect.js";
import { shadowed } from "./shadowed.js";

const shape: Shape = { sides: 3 };
const color: Color = "red";
let kind: OnlyAType | null = null;

function useShadow(shadowed: number) {
  return shadowed + 1;
}

console.log(paint(color), shape.sides, kind, useShadow(1), named);
