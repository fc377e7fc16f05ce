// Annotations, generics, assertions and overloads: all gone at run time.
type Pair<T> = [T, T];
let count: number = 1;
let label!: string;
label = "ready";
const pair: Pair<number> = [count, 2] as Pair<number>;
const maybe: string | undefined = pair.length > 1 ? "two" : undefined;
const sure = maybe!.toUpperCase();
const checked = { a: 1 } satisfies Record<string, number>;
const angle = <const T,>(x: T): T => x;

function first<T extends unknown[]>(items: T): T[0] {
  return items[0];
}

function isString(x: unknown): x is string {
  return typeof x === "string";
}

function assertNumber(x: unknown): asserts x is number {
  if (typeof x !== "number") throw new TypeError("not a number");
}

function describe(this: { name: string }, greeting?: string): string {
  return `${greeting ?? "hi"} ${this.name}`;
}

function overloaded(x: string): string;
function overloaded(x: number): number;
function overloaded(x: any): any {
  return typeof x === "string" ? x + "!" : x * 2;
}

const generic = new Map<string, Array<number>>([["a", [1, 2]]]);
const instantiate = first<number[]>;
const value = (count as unknown as number) + (<number>pair[1]);
assertNumber(value);

console.log(count, label, pair, sure, checked.a, angle("x"));
console.log(first([3, 4]), isString("s"), isString(1));
console.log(describe.call({ name: "ts" }), describe.call({ name: "ts" }, "hello"));
console.log(overloaded("a"), overloaded(21), generic.get("a"), instantiate([9]), value);
console.log(
  ((a: number,
    b: number): number => a + b)(1,
  2),
);

// A return type across lines: JavaScript allows no line break before `=>`.
const wrapped = (a: number): Array<
  number
> => [a, a];
console.log(wrapped(5));
