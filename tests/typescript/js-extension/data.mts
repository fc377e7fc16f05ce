export const items: readonly string[] = ["a", "b"];
