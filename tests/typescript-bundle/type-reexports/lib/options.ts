export interface Options { verbose: boolean }
export interface Base { id: string }
export const defaults: Options = { verbose: false };
