console.log("loaded paint");
export type Color = "red" | "blue";
export function paint(color: Color): string { return `painted ${color}`; }
