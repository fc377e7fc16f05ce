// "exports" with "node"/"import" conditions plus a "browser" map for its worker.
import { gzipSync, gunzipSync, strToU8, strFromU8, zipSync, unzipSync } from "fflate";

const data = strToU8("hello hello hello hello");
console.log(strFromU8(gunzipSync(gzipSync(data))), gzipSync(data, { mtime: 0 }).length > 10);
const zipped = zipSync({ "a.txt": strToU8("A"), "dir/b.txt": strToU8("B") }, { mtime: new Date(2020, 0, 1) });
console.log(JSON.stringify(Object.keys(unzipSync(zipped))));
