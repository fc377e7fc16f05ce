// CommonJS over safer-buffer (require("buffer")), "browser": {"stream": false}.
import iconv from "iconv-lite";

const bytes = iconv.encode("Привет", "win1251");
console.log(bytes.length, iconv.decode(bytes, "win1251"), iconv.encodingExists("latin1"), iconv.decode(Uint8Array.of(0xe9), "latin1"));
