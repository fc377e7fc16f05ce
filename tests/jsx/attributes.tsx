// Attributes: strings (entities, line breaks), expressions, booleans, spreads, names with - and :.
import { renderToStaticMarkup } from "react-dom/server";

const extra = { title: "from spread", "data-extra": 1 };

function Badge({ icon, label }: { icon: JSX.Element; label: string }) {
  return <span className="badge">{icon}{label}</span>;
}

function Attributes() {
  return (
    <section id="main" className={"a" + " " + "b"} data-count={3} aria-label="A &amp; B"
      title="line one
        line two" hidden={false} {...extra} style={{ color: "red", marginTop: 4 }}>
      <input type="checkbox" defaultChecked disabled />
      <svg viewBox="0 0 10 10"><use xlinkHref="#x" /></svg>
      <Badge icon=<b>!</b> label='single &quot;quoted&quot;' />
    </section>
  );
}

export function output(): string {
  return renderToStaticMarkup(<Attributes />);
}
