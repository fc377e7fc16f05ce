console.log("loaded default");
export default function unusedDefault() {}
export const named = "named";
