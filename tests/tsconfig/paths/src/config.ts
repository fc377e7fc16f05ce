export const config = { name: "paths" };
