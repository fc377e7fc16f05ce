// Reaches unstarted-prober.mjs first, which reads the namespace re-exported here before
// unstarted.mjs has started (node lists its keys from link time).
import "./unstarted-prober.mjs";
export * as unstarted from "./unstarted.mjs";
