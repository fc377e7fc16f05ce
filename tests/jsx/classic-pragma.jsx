/** @jsx h */
/** @jsxFrag Frag */
// The classic runtime, chosen by pragmas: h(type, props, ...children) with a local factory.
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";

const h = createElement;
const Frag = Fragment;

function Item({ name }) {
  return <li className="item">{name}</li>;
}

function Classic() {
  return (
    <Frag>
      <ul>{["x", "y"].map((name) => <Item key={name} name={name} />)}</ul>
      <p>classic {1 + 1}</p>
    </Frag>
  );
}

export function output() {
  return renderToStaticMarkup(<Classic />);
}
