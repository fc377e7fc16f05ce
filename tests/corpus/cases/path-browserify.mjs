// A CommonJS port of Node's path.
import path from "path-browserify";

console.log(path.join("/a/b", "../c", "d.js"), path.extname("x/y.tar.gz"), path.relative("/a/b/c", "/a/d"), JSON.stringify(path.parse("/home/u/f.txt")));
