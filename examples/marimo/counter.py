import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import nbbundle
    return mo, nbbundle


@app.cell
def _(nbbundle):
    # The count lives in import.meta.hot.data: it survives edits of this cell.
    nbbundle.define("counter.js", """
const state = import.meta.hot ? (import.meta.hot.data.state ??= { count: 0 }) : { count: 0 };

export function mount(host) {
  const button = document.createElement("button");
  button.className = "counter";
  const paint = () => { button.textContent = `Count: ${state.count}`; };
  button.onclick = () => { state.count += 1; paint(); };
  paint();
  host.replaceChildren(button);
}
""")
    return


@app.cell
def _(nbbundle):
    # theme.css is a file next to this notebook: edit it on disk and the view updates.
    nbbundle.define("app.js", """
import "./theme.css";
import { mount } from "./counter.js";

export function render({ model, el }) {
  mount(el);
  import.meta.hot?.accept("./counter.js", (next) => next.mount(el));
}
""")
    return


@app.cell
def _(mo, nbbundle):
    mo.ui.anywidget(nbbundle.widget("app.js"))
    return


if __name__ == "__main__":
    app.run()
