// A "browser" map that swaps the package's own entry for its browserified build and replaces
// readable-stream; Node's build uses Node streams.
import JSZip from "jszip";

const zip = new JSZip();
zip.file("hello.txt", "Hello World\n");
zip.folder("nested").file("a.json", JSON.stringify({ a: 1 }));
const data = await zip.generateAsync({ type: "uint8array" });
const back = await JSZip.loadAsync(data);
console.log(Object.keys(back.files).sort().join(), await back.file("hello.txt").async("string"));
