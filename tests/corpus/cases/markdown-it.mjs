// ES build under "exports" over entities, linkify-it, mdurl, punycode.js, uc.micro.
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ linkify: true });
console.log(md.render("# Hi\n\nsee https://example.com and *this*\n\n| a | b |\n|---|---|\n| 1 | 2 |").trim().split("\n").join(""));
