// paths and baseUrl, as esbuild resolves them: a pattern, an exact key, then baseUrl.
import { add } from "@lib/math";
import { config } from "@config";
import { other } from "src/other";
console.log(add(1, 2), config.name, other);
