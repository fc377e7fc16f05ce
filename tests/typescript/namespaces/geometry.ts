export namespace Geometry {
  export interface Rect { w: number; h: number }
  export const unit = "cm";
  export function area(rect: Rect): string {
    return `${rect.w * rect.h} ${unit}`;
  }
}
