// "exports" with import/require and a string "browser" field ("exports" wins).
import tinycolor from "tinycolor2";

console.log(tinycolor("red").toHexString(), tinycolor("#f00").lighten(20).toHexString(), tinycolor.readability("#000", "#fff"));
