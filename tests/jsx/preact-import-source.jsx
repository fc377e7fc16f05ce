/** @jsxImportSource preact */
// Preact's automatic runtime: jsx() from preact/jsx-runtime.
import { render } from "preact-render-to-string";

function Hello({ who }) {
  return (
    <>
      <h1 class="title">Hello {who}</h1>
      {[1, 2, 3].map((n) => <i key={n}>{n}</i>)}
    </>
  );
}

export function output() {
  return render(<Hello who="preact" />);
}
