// A UMD CommonJS file.
import numeral from "numeral";

console.log(numeral(1234.5678).format("0,0.00"), numeral(0.256).format("0.0%"), numeral("1.2k").value());
