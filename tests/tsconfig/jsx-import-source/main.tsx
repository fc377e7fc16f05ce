// jsx: "react-jsx" from a package's config (extends), jsxImportSource from this one.
const name: string = "world";
console.log(<greeting to={name}>hello <b>{name}</b></greeting>);
