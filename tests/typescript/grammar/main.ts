// What tree-sitter-typescript reads otherwise than tsc: every line must mean what tsc makes of it.
const tag = (strings: TemplateStringsArray, ...values: unknown[]) => strings.raw.join("|") + "#" + values.join(",")
type Props = { color: string }
const styled = (element: string) => (strings: TemplateStringsArray, ...values: unknown[]) =>
  `<${element}>` + tag(strings, ...values)

// tagged templates with type arguments (styled-components, goober, emotion)
console.log(tag<string>`hi`)
console.log(styled("div")<Props>`color: ${"red"}; size: ${1 + 1}px`)
console.log(tag<{ a: 1 }>`a${1 as number}b${`n${2}`}c`)
console.log(tag<string[]>`arr`, tag<Map<string, number>>`map`)
console.log(tag<string, number>`two`)
const a = 1, b = 2
console.log(a < b + 1 > `x`, b > `1`)  // comparisons: tsc reads no type arguments here

// variance annotations
interface Producer<out T> { make(): T }
interface Consumer<in T> { take(value: T): void }
type Both<in out T, const U> = { t: T; u: U }
class Box<in out T> { constructor(readonly value: T) {} }
const producer: Producer<number> = { make: () => 4 }
console.log(producer.make(), new Box<string>("box").value)

// a generic call signature after a member without `;`
interface Overloaded {
  (a: number): string
  <U>(b: U): U
}
type Literal = {
  (a: number): string
<U>(b: U): U }
// …where the grammar gives up on the whole interface (immer's IProduce, redux's StoreCreator)
export interface Produce {
  /** a comment between the members */
  <Curried>(
    recipe: Curried,
    initial?: number
  ): Curried

  /** and another */
  <Recipe extends Function>(recipe: Recipe): Map<
    Recipe,
    false
  >
  <Base, D = Array<Base>>( // a comment after the parameters' parenthesis
    base: Base
  ): Base
}
export interface Creator<out T = unknown, in out U extends object = {}> {
  <S, A extends { type: string }>(reducer: (s: S, a: A) => S): T & U
  <
    S,
    A extends { type: string },
  >(
    reducer: (s: S, a: A) => S,
    preloaded: S
  ): T
}
export type Thunk<Config extends { extra?: unknown }> = {
  // redux-toolkit's createAsyncThunk: a generic alias, signatures on their own lines
  <Returned, Arg = void>(
    prefix: string,
  ): Map<Returned, Arg>

  <Returned>(prefix: string, config: Config): Returned
}
const id: Overloaded = ((x: unknown) => x) as Overloaded
const produce: Produce = ((x: unknown) => x) as Produce
console.log(id("same"), produce(7))

// `<<` opening nested type arguments
type Id<T> = T
const identity = <T,>(a: T) => a
const typed = identity as Id<<T>(a: T) => T>
const applied = identity<<T>(a: T) => T>(identity)
console.log(typed(1), applied(2), 1 << 3 >> 1)

// a function type whose parameter is named like a predefined type
type Handler = (any) => void
interface Emitter { on(event: string, listener: (string) => void): void }
const emit = (listener: (number) => void) => listener(3)
emit((n) => console.log("got", n))
const handler: Handler = () => console.log("handled")
handler(0)
