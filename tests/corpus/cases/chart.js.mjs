// ES modules over @kurkle/color; registering controllers touches no canvas.
import { Chart, registerables } from "chart.js";

Chart.register(...registerables);
console.log(Chart.registry.getController("bar").id, Chart.registry.getScale("linear").id, typeof Chart.defaults.font.size);
