import type { Render } from "./types.js";
export class Widget implements Render {
  constructor(private readonly name: string) {}
  render(): string { return `<${this.name}>`; }
}
