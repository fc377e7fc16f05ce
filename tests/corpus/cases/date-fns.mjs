// ES modules with "exports" subpaths; "browser": "./index" (a string) under "exports".
import { addDays, format, differenceInCalendarDays, parseISO, formatISO } from "date-fns";
import { enGB } from "date-fns/locale";
import { startOfWeek } from "date-fns/startOfWeek";

const day = parseISO("2024-02-27T12:00:00Z");
console.log(formatISO(addDays(day, 3), { representation: "date" }));
console.log(differenceInCalendarDays(parseISO("2024-03-01"), parseISO("2024-02-01")));
console.log(format(new Date(2024, 0, 5), "EEEE do MMMM yyyy", { locale: enGB }));
console.log(formatISO(startOfWeek(new Date(2024, 0, 5), { weekStartsOn: 1 }), { representation: "date" }));
