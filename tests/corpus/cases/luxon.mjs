// "exports" for Node; for browsers esbuild takes... "exports" too (the string "browser" field
// names a CommonJS browser build that only bundlers without "exports" support read).
import { DateTime, Duration, Interval } from "luxon";

const dt = DateTime.fromISO("2024-02-27T10:00:00", { zone: "utc" });
console.log(dt.plus({ days: 3 }).toISODate(), dt.toFormat("yyyy LLL dd"), dt.weekday);
console.log(Duration.fromObject({ hours: 1.5 }).as("minutes"), Interval.fromDateTimes(dt, dt.plus({ weeks: 1 })).length("days"));
