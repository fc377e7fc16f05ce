// Constructor parameter properties: fields declared first, assigned after super().
class Base {
  readonly created = "base";
  constructor(public id: number) {}
}

class Point extends Base {
  private cache = new Map<string, number>();
  constructor(
    public readonly x: number,
    protected y = 2,
    private z?: number,
    override id = 7,
  ) {
    super(id);
    console.log("constructing", this.x, this.y, this.z);
  }
  sum(): number {
    return this.x + this.y + (this.z ?? 0);
  }
}

// No semicolons: the assignments after super() must not run into the next line.
class Terse extends Base {
  constructor(private label: string) {
    super(3)
    console.log("terse", this.label)
  }
}

class Plain {
  constructor(readonly name: string, other: string) {
    console.log("plain", other);
  }
}

const point = new Point(1);
console.log(Object.keys(point), point.sum(), point.id);
console.log(Object.keys(new Plain("n", "o")), Object.keys(new Terse("t")));
