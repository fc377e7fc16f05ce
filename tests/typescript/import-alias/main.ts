// import X = A.B aliases a namespace member; an alias of a type alone is removed.
namespace Shapes {
  export namespace Polygons {
    export const triangle = 3;
    export interface Square { side: number }
  }
}

import Polygons = Shapes.Polygons;
import SquareType = Shapes.Polygons.Square;
export import Triangle = Shapes.Polygons.triangle;

const square: SquareType = { side: 4 };
console.log(Polygons.triangle, Triangle, square.side);
