// The demo app: a counter with a live binding, JSON data, a stylesheet and a lazily loaded chart.
import "./style.css";
import config from "./config.json" with { type: "json" };
import { count, increment } from "./counter.js";

export function render(el) {
  const button = document.createElement("button");
  const label = () => `${config.label}: ${count}`; // `count` is live: no re-import needed
  button.className = "counter";
  button.textContent = label();
  button.addEventListener("click", () => {
    increment();
    button.textContent = label();
  });
  const more = document.createElement("button");
  more.textContent = "Show the chart";
  more.addEventListener("click", async () => {
    const { drawBars } = await import("./chart.js"); // an async resource, fetched on first use
    el.append(drawBars(config.bars));
    more.disabled = true;
  });
  el.append(button, more);
}

if (typeof document !== "undefined") {
  render(document.getElementById("app") ?? document.body);
} else {
  increment();
  increment();
  console.log(`${config.label}: ${count} (from ${new URL(import.meta.url).pathname.split("/").pop()})`);
  const { drawBars } = await import("./chart.js");
  console.log(drawBars(config.bars, { text: true }));
}
