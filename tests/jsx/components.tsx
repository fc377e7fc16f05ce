// Components, member expressions, fragments, lists with keys (also after a spread), generics.
import { Fragment, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";

const UI = {
  Card({ title, children }: { title: string; children?: ReactNode }) {
    return <article><h2>{title}</h2>{children}</article>;
  },
};

function List<T>({ items, render }: { items: T[]; render: (item: T, index: number) => ReactNode }) {
  return <ul>{items.map((item, index) => <li key={index}>{render(item, index)}</li>)}</ul>;
}

const props = { className: "spread" };

function App({ show }: { show: boolean }) {
  const names = ["ada", "grace"];
  return (
    <>
      <UI.Card title="Cards">
        {show && <p>shown</p>}
        {show ? <em>yes</em> : <strong>no</strong>}
      </UI.Card>
      <List<string> items={names} render={(name) => <b>{name.toUpperCase()}</b>} />
      {names.map((name) => (
        <Fragment key={name}>
          <dt {...props} key={`dt-${name}`}>{name}</dt>
          <dd key="fixed" {...props}>{name.length}</dd>
        </Fragment>
      ))}
      <></>
    </>
  );
}

export function output(): string {
  return renderToStaticMarkup(<App show />) + "|" + renderToStaticMarkup(<App show={false} />);
}
