import { z } from "LIBRARY";

const User = z.object({
  name: z.string().min(2),
  age: z.number().int().positive().optional(),
  email: z.string().email(),
  role: z.enum(["admin", "user"]).default("user"),
  tags: z.array(z.string()).max(3),
});
console.log(JSON.stringify(User.parse({ name: "Ada", email: "ada@example.com", tags: ["x"] })));
const bad = User.safeParse({ name: "A", age: -1, email: "nope", tags: ["a", "b", "c", "d"] });
console.log(bad.success, bad.error.issues.map((i) => `${i.path.join(".")}:${i.code}`).join(" "));
const Shape = z.discriminatedUnion("kind", [z.object({ kind: z.literal("circle"), r: z.number() }),
  z.object({ kind: z.literal("square"), side: z.number() })]);
console.log(JSON.stringify(Shape.parse({ kind: "square", side: 2 })), Shape.safeParse({ kind: "x" }).success);
const Doubled = z.string().transform((s) => s.length * 2).pipe(z.number().max(10));
console.log(Doubled.parse("abc"), Doubled.safeParse("abcdefgh").success);
const Lazy = z.lazy(() => z.object({ child: Lazy.optional() }));
console.log(JSON.stringify(Lazy.parse({ child: { child: {} } })), z.coerce.number().parse("42"));
const refined = z.number().refine((n) => n % 2 === 0, { message: "even" });
console.log(refined.safeParse(3).error.issues[0].message, JSON.stringify(z.record(z.boolean()).parse({ a: true })));
