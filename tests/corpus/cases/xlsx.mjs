// One large file; "browser": {"buffer": false, "crypto": false, "stream": false, "process": false, "fs": false}.
import * as XLSX from "xlsx";

const sheet = XLSX.utils.aoa_to_sheet([["a", "b"], [1, 2], [3, "x,y"]]);
const book = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(book, sheet, "S");
const csv = XLSX.utils.sheet_to_csv(XLSX.read(XLSX.write(book, { type: "array", bookType: "xlsx" }), { type: "array" }).Sheets.S);
console.log(JSON.stringify(csv), JSON.stringify(XLSX.utils.sheet_to_json(sheet)));
