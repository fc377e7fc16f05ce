// One big CommonJS file (UMD-style detection of module, exports, global, freeModule).
import _ from "lodash";
import lodash from "lodash";

console.log(_.VERSION.split(".").length, JSON.stringify(_.zip(["a", "b"], [1, 2])));
console.log(JSON.stringify(lodash.partition([1, 2, 3, 4], (n) => n % 2)));
console.log(_.template("hello <%= who %>!")({ who: "notebook" }));
console.log(JSON.stringify(_.chain([3, 1, 2]).sortBy().map((n) => n * 10).value()));
