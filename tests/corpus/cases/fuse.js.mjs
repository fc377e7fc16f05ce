// ES build under "exports".
import Fuse from "fuse.js";

const fuse = new Fuse([{ title: "Old Man's War" }, { title: "The Lock Artist" }, { title: "HTML5" }], { keys: ["title"], includeScore: true });
console.log(JSON.stringify(fuse.search("lock").map((r) => r.item.title)));
