// useDefineForClassFields: false — a field declared without an initializer is no own property,
// so it does not hide the prototype's accessor or method; a static initializer is an assignment
// (it runs the parent's static setter).
class Base {
  get label(): string { return "from the prototype"; }
  describe(): string { return "base describe"; }
  static set registry(value: string) { console.log("static setter saw", value); }
}

class Widget extends Base {
  declare label: string;
  describe!: () => string;
  private count: number;
  optional?: number;
  ready = true;
  static registry = "widget";
  static untouched: number;
  #secret: number;

  constructor(public readonly name: string) {
    super();
    this.#secret = 1;
  }
}

const w = new Widget("w1");
console.log(w.label, w.describe(), w.ready, w.name);
console.log(JSON.stringify(Object.keys(w)));
console.log("count" in w, "optional" in w, Object.hasOwn(Widget, "untouched"), Object.hasOwn(Widget, "registry"));
