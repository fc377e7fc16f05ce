// Probes the namespace of unstarted.mjs before it starts: the holder, this module's importer,
// links it but evaluates this module first (a cycle).
import { unstarted } from "./unstarted-holder.mjs";
import { probe } from "./probe.mjs";

export const seen = probe(unstarted, ["late", "Shape", "plain", "default", "missing"]);
