// package.json "imports" with conditions: "#supports-color" is a browser file for browsers.
import chalk, { Chalk } from "chalk";

const plain = new Chalk({ level: 0 });
const colored = new Chalk({ level: 1 });
console.log(plain.red("red"), JSON.stringify(colored.bold.green("go")), typeof chalk.level);
