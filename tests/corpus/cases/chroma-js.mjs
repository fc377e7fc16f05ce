// "type": "module" with "exports"; many modules.
import chroma from "chroma-js";

console.log(chroma("hotpink").darken().hex(), chroma.mix("red", "blue", 0.5, "rgb").hex());
console.log(JSON.stringify(chroma.scale(["yellow", "008ae5"]).mode("lch").colors(3)));
console.log(chroma("#ff0000").luminance().toFixed(4), chroma.contrast("white", "navy").toFixed(2));
