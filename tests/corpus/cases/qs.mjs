// CommonJS, through side-channel to object-inspect, whose "browser" map drops ./util.inspect.js.
import qs from "qs";

const text = qs.stringify({ a: [1, 2], b: { c: "d e" }, f: null });
console.log(text);
console.log(JSON.stringify(qs.parse("a[0]=1&a[1]=2&b[c]=d%20e&x[y][z]=1")));
console.log(JSON.stringify(qs.parse(text, { strictNullHandling: true })));
