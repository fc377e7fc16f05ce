// a type re-exported on: the chain ends at an interface
export { Base as Alias } from "./options";
console.log("chain.ts ran");
