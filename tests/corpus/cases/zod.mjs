// ES modules behind "exports", many files.
import { z } from "zod";

const User = z.object({ name: z.string().min(2), age: z.number().int().positive().optional() });
console.log(JSON.stringify(User.parse({ name: "Ada", age: 36 })));
const result = User.safeParse({ name: "A", age: -1 });
console.log(result.success, result.error.issues.map((i) => i.path.join(".")).join());
