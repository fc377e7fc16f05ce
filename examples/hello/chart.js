// Loaded only when main.js calls import("./chart.js").
export function drawBars(values, { text = false } = {}) {
  if (text) return values.map((v) => "█".repeat(v)).join("\n");
  const chart = document.createElement("div");
  chart.className = "chart";
  for (const value of values) {
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.style.width = `${value * 20}px`;
    chart.append(bar);
  }
  return chart;
}
