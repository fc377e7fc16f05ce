// "exports" with ES and CommonJS builds, many small modules, tslib.
import { of, from, map, filter, scan, lastValueFrom, take } from "rxjs";

const values = [];
of(1, 2, 3, 4).pipe(filter((n) => n % 2 === 0), map((n) => n * 10)).subscribe((v) => values.push(v));
console.log(values.join(), await lastValueFrom(from([1, 2, 3]).pipe(scan((a, b) => a + b, 0), take(3))));
