console.log("loaded unused");
export const Unused = 1; export class OnlyAType {} export const shadowed = 2;
