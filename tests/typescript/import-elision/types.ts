console.log("loaded types");
export interface Shape { sides: number }
