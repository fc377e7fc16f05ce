export { Options, defaults } from "./options";
export { Shape, Kind, area } from "./shapes";
export { Alias } from "./chain";
export * from "./star";
