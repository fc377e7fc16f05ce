// "exports" with an ES build (.mjs) and a UMD one.
import Mustache from "mustache";

console.log(Mustache.render("{{#people}}<{{name}}>{{/people}} {{&html}}", { people: [{ name: "a" }, { name: "b" }], html: "<br>" }));
