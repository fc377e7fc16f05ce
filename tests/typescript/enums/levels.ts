export enum Level {
  Info = 1,
  Warn,
  Error,
}

export const enum Flags {
  None = 0,
  Read = 1 << 0,
  Write = 1 << 1,
  All = Read | Write,
}
