// ES modules; InternMap from internmap.
import { extent, group, rollup, bin, quantile, ascending, cumsum, range } from "d3-array";

const data = [{ k: "a", v: 1 }, { k: "b", v: 5 }, { k: "a", v: 3 }];
console.log(JSON.stringify(extent(data, (d) => d.v)));
console.log(JSON.stringify([...group(data, (d) => d.k).keys()]), JSON.stringify([...rollup(data, (v) => v.length, (d) => d.k)]));
console.log(JSON.stringify(bin().thresholds(3)(range(10)).map((b) => b.length)));
console.log(quantile([1, 2, 3, 4], 0.5), JSON.stringify(Array.from(cumsum([1, 2, 3]))), [3, 1, 2].sort(ascending).join());
