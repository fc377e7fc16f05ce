"""The notebook of the HMR acceptance tests (shared by the browser and the nbclient tests)."""

from __future__ import annotations

COUNTER_JS = """\
// The count lives in import.meta.hot.data: it survives this module being replaced.
const hot = import.meta.hot;
const state = hot ? (hot.data.state ||= { count: 0 }) : { count: 0 };

export function mount(host) {
  const button = document.createElement("button");
  button.className = "counter";
  const paint = () => { button.textContent = `LABEL: ${state.count}`; };
  button.addEventListener("click", () => { state.count += 1; paint(); });
  paint();
  host.replaceChildren(button);
}
"""


def counter_js(label: str = "Count") -> str:
    return "%%module counter.js\n" + COUNTER_JS.replace("LABEL", label)


BROKEN_LINE = "  paint(;"


def broken_counter_js() -> str:
    """counter.js with a syntax error in mount(); returns the cell text."""
    return counter_js("Clicked").replace("  paint();", BROKEN_LINE)


def broken_line_number() -> int:
    """1-based line of BROKEN_LINE in the module (the cell without its %%module line)."""
    module = broken_counter_js().split("\n", 1)[1]
    return module.splitlines().index(BROKEN_LINE) + 1


def style_css(color: str = "rgb(255, 0, 0)") -> str:
    return f"%%module style.css\n.counter {{ color: {color}; }}\n"


APP_JS = """\
%%module app.js
import "./style.css";
import { mount } from "./counter.js";

export function render({ model, el }) {
  const stamp = document.createElement("p");
  stamp.className = "stamp";
  stamp.textContent = String(Math.random());   // changes only if the entry is re-rendered
  const host = document.createElement("div");
  host.className = "host";
  el.append(stamp, host);
  mount(host);
  // Vite's API: a single dependency's callback receives that module's new namespace.
  import.meta.hot?.accept("./counter.js", (next) => next?.mount(host));
  return () => { stamp.remove(); host.remove(); };
}
"""

SHOW = 'import nbbundle\nnbbundle.show("app.js")'

CELLS = ["%load_ext nbbundle", counter_js(), style_css(), APP_JS, SHOW]
LOAD, COUNTER, STYLE, APP, VIEW = range(5)
