// The buffer polyfill (CommonJS over base64-js and ieee754) by its bare name, as browser code writes it.
import { Buffer } from "buffer";

const b = Buffer.from("héllo wörld", "utf8");
console.log(b.length, b.toString("base64"), b.toString("hex").slice(0, 12));
console.log(Buffer.concat([Buffer.from([1, 2]), Buffer.alloc(2, 255)]).readUInt32BE(0), b.slice(1, 3).toString());
