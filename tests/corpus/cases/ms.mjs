// A single CommonJS file: `module.exports = function`.
import ms from "ms";

console.log(ms("2 days"), ms("1.5h"), ms(60000), ms(2 * 60 * 60 * 1000, { long: true }));
