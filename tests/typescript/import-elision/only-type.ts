console.log("loaded only-type");
export const Unused = 1; export class OnlyAType {} export const shadowed = 2;
