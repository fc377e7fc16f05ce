export interface Shape { side: number }
export const unused = 1;
console.log("effects ran");
