// A module that probes its own namespace before its bindings are initialized.
import * as self from "./tdz.mjs";
import { probe } from "./probe.mjs";

export const early = probe(self, ["early", "late", "fn", "missing"]);
export let late = 1;
export function fn() {}
