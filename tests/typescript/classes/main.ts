// Class syntax that is only TypeScript: abstract, modifiers, declare, index signatures, overloads.
interface Named { readonly name: string }

abstract class Animal implements Named {
  abstract readonly sound: string;
  declare readonly kind: string;
  [key: string]: unknown;
  static count: number = 0;
  protected legs?: number;
  public name: string;
  #secret!: string;

  constructor(name: string) {
    this.name = name;
    Animal.count++;
  }

  abstract speak(): string;
  greet(other: Named): string;
  greet(other: string): string;
  greet(other: Named | string): string {
    return `${this.name} greets ${typeof other === "string" ? other : other.name}`;
  }
  get info(): string { return `${this.name} (${this.legs ?? "?"})`; }
  set info(value: string) { this.name = value; }
  optional?(): void;
}

class Dog extends Animal {
  readonly sound = "woof";
  override legs = 4;
  speak(): string { return this.sound; }
}

const dog = new Dog("rex");
console.log(dog.speak(), dog.greet("cat"), dog.greet({ name: "bob" }), dog.info, Animal.count);
console.log(Object.keys(dog), "optional" in dog, typeof Animal);
