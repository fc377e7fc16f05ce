// "browser": "./dist/cjs/handlebars.js" (string form; the Node main requires fs).
import Handlebars from "handlebars";

const template = Handlebars.compile("Hello {{name}}! {{#each items}}[{{this}}]{{/each}} {{{raw}}} {{esc}}");
console.log(template({ name: "nb", items: [1, 2], raw: "<b>", esc: "<i>" }));
