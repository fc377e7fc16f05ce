export const v = 1
export const w = 2
export interface A { a: number }
export interface B { b: string }
export type C = A | B
export default function named() { return "default" }
