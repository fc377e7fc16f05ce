// Body-less signatures with modifiers before the implementation: each is removed whole.
abstract class Shape {
  protected abstract area(): number;
  public abstract name(): string
  describe() { return `${this.name()}: ${this.area()}` }
}

class Base {
  greet(): string { return "base" }
}

class Circle extends Shape {
  public constructor(r: number);
  public constructor(r: string);
  public constructor(private r: number | string) { super() }
  protected area(): number { return Math.round(Math.PI * Number(this.r) ** 2) }
  public name(): string { return "circle" }
}

class Loud extends Base {
  override greet(): string;
  override greet(suffix?: string): string { return super.greet().toUpperCase() + (suffix ?? "") }
  private static make(): Loud;
  private static make(n: number): Loud;
  private static make(): Loud { return new Loud() }
  static create() { return Loud.make() }
}

function pick(x: number): number;
function pick(x: string): string;
export function pick(x: any) { return x }

console.log(new Circle(2).describe(), new Circle("1").describe())
console.log(Loud.create().greet(), pick(3), pick("s"))
