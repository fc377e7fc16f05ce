// "exports" with "import" (.mjs) and "default" (.js, CommonJS) builds.
import clsx from "clsx";
import { clsx as named } from "clsx";

console.log(clsx("a", { b: true, c: false }, ["d", ["e"]]), named("x", null, 0, "y"));
