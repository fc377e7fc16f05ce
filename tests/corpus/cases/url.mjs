// The url polyfill (CommonJS over qs and punycode).
import url from "url/url.js";

const parsed = url.parse("https://user@example.com:8080/p/a/t/h?query=string&a=1#hash", true);
console.log(parsed.host, parsed.pathname, JSON.stringify(parsed.query), url.resolve("/one/two/three", "four"));
console.log(url.format({ protocol: "http", host: "x.org", pathname: "/y", query: { z: 1 } }));
