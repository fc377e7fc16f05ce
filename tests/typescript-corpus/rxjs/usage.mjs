import {
  of, from, interval, Subject, BehaviorSubject, ReplaySubject, firstValueFrom, lastValueFrom, combineLatest, merge,
  concat, defer, EMPTY, throwError, map, filter, scan, take, takeUntil, switchMap, mergeMap, catchError, reduce,
  distinctUntilChanged, toArray, startWith, pairwise, share, retry, finalize,
} from "LIBRARY";

const log = [];
of(1, 2, 3, 4).pipe(filter((n) => n % 2 === 0), map((n) => n * 10)).subscribe((v) => log.push(v));
from([1, 1, 2, 2, 3]).pipe(distinctUntilChanged(), scan((a, b) => a + b, 0)).subscribe((v) => log.push(`s${v}`));
console.log(log.join(","));
const subject = new BehaviorSubject("a");
const seen = [];
const sub = subject.pipe(startWith("start"), pairwise()).subscribe(([a, b]) => seen.push(`${a}>${b}`));
subject.next("b"); subject.next("c"); sub.unsubscribe(); subject.next("d");
console.log(seen.join(" "), subject.getValue());
const replay = new ReplaySubject(2);
[1, 2, 3].forEach((n) => replay.next(n));
console.log(await firstValueFrom(replay.pipe(take(2), toArray())));
console.log(await lastValueFrom(combineLatest([of(1, 2), of("x")]).pipe(map(([n, s]) => s + n), toArray())));
console.log(await lastValueFrom(concat(of(1), defer(() => of(2)), EMPTY).pipe(reduce((a, b) => a + b))));
let attempts = 0;
const failing = defer(() => { attempts++; return attempts < 3 ? throwError(() => new Error(`fail ${attempts}`)) : of("ok"); });
console.log(await firstValueFrom(failing.pipe(retry(5))), attempts);
console.log(await firstValueFrom(throwError(() => new Error("boom")).pipe(catchError((e) => of(`caught ${e.message}`)))));
const stop = new Subject();
const ticks = await lastValueFrom(interval(1).pipe(takeUntil(stop), take(3), mergeMap((n) => of(n, n * 100)), toArray(), finalize(() => log.push("final"))));
console.log(ticks.join(" "), log.at(-1));
const shared = of(1, 2).pipe(share(), switchMap((n) => merge(of(n), of(-n))), toArray());
console.log((await firstValueFrom(shared)).join(","));
