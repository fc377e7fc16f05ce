// "type": "module" with "exports" and a string "browser" field.
import { mean, median, standardDeviation, linearRegression, quantile } from "simple-statistics";

console.log(mean([1, 2, 3, 4]), median([5, 1, 3]), standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]));
console.log(JSON.stringify(linearRegression([[0, 1], [1, 3], [2, 5]])), quantile([1, 2, 3, 4, 5], 0.25));
