// UMD CommonJS whose locale loader requires files by a computed name, inside a try.
import moment from "moment";

const m = moment.utc("2024-02-27T10:00:00Z");
console.log(m.add(1, "month").format("YYYY-MM-DD dddd"), moment.duration(90, "minutes").asHours(), moment.utc("2024-01-31").endOf("month").date());
