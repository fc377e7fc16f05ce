// A UMD CommonJS file, plugins as subpaths without "exports".
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import relativeTime from "dayjs/plugin/relativeTime.js";

dayjs.extend(utc);
dayjs.extend(relativeTime);
const d = dayjs.utc("2024-02-27T10:00:00Z");
console.log(d.add(3, "day").format("YYYY-MM-DD HH:mm"), d.startOf("month").toISOString());
console.log(d.from(dayjs.utc("2024-03-27T10:00:00Z")), dayjs("2024-01-31").add(1, "month").format("YYYY-MM-DD"));
