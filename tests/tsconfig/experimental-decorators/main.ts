import { element, log, member, parameter } from "./decorators.js";

@element<any>("x-card")
export class Card {
  static count = 0
  @member("title") title: string = "card"
  @member("static field") static kind = "card"
  @member("method") describe(suffix: string): string { return `${this.title}${suffix}`; }
  @member("getter") get size(): number { return 3; }
  "quoted name"() { return 1; }
  @member("string key") "spaced out"() { return "spaced"; }
  @member("static method") static make(): Card { return new Card(); }
  constructor(@parameter("ctor") public readonly id: number = 0) { Card.count++; }
  tag?: string
  link(@parameter("arg 0") a: string, @parameter("arg 1") b?: string) { return a + (b ?? ""); }
}

@element("x-plain") @element("x-outer")
class Plain {}

export default @element(
  "x-default"  // a decorator over several lines
) class {}

const card = Card.make();
console.log(log.join("\n"));
console.log(card.describe("!"), card.size, card["spaced out"](), card.tag, Card.count, card instanceof Card);
console.log(new Plain() instanceof Plain, (new Plain() as any).tag);
