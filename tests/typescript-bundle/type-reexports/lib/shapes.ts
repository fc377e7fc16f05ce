export type Shape = { side: number };
export enum Kind { Square = "square" }
export const area = (s: Shape): number => s.side ** 2;
