console.log("loaded never-used");
export const Unused = 1; export class OnlyAType {} export const shadowed = 2;
