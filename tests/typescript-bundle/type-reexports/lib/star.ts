export interface Starred { n: number }
export const starredValue = 1;
