console.log("loaded shadowed");
export const Unused = 1; export class OnlyAType {} export const shadowed = 2;
