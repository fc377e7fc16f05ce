// Text children: lines trimmed and joined by one space, entities decoded, empty lines dropped.
import { renderToStaticMarkup } from "react-dom/server";

function Text() {
  return (
    <div>
      Hello,   world!
      A second line &amp; an entity: &copy; &#169; &#xA9; &nbsp;&unknown;
      {" "}spaced{" "}
      {/* a comment child */}
      <span>  inline  </span>	tab	separated
      <p>
        {"string child"}

        after a blank line
      </p>
      &lt;not a tag&gt; “quotes” — 🙂
    </div>
  );
}

export function output(): string {
  return renderToStaticMarkup(<Text />);
}
