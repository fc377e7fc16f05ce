// The messages between the kernel and the widget's views: JSDoc types only, mirroring
// nbbundle/kernel/protocol.py, which checks every view → kernel message against these shapes
// (ARCHITECTURE.md has the tables with what each one means).

/**
 * @typedef {{ entry: string, version: number, modules: Record<string, string>, error: Diagnostic | null }} BundleState
 * @typedef {{ code?: string, message: string, id: string | null, line: number | null, column: number | null, frame?: string, hint?: string | null }} Diagnostic
 * @typedef {{ kind: "self" | "dep" | "entry", boundary: string, acceptedVia: string, chain: string[], isWithinCircularImport: boolean }} BoundaryMessage
 * @typedef {{ type: "update", version: number, modules: Record<string, string>, removed: string[], updates: BoundaryMessage[], reload: string | null, firstInvalidatedBy: string | null }} UpdateMessage
 * @typedef {{ type: "error", version: number, error: Diagnostic, view?: string }} ErrorMessage
 * @typedef {{ type: "resync", view: string, version?: number }} ResyncMessage
 * @typedef {{ type: "custom", event: string, data: unknown }} CustomMessage
 * @typedef {UpdateMessage | ErrorMessage | ResyncMessage | CustomMessage} KernelMessage
 *
 * @typedef {"init" | "accept" | "dispose" | "prune" | "render" | "listener" | "evaluate" | "entry"} ErrorPhase
 * @typedef {{ phase: ErrorPhase, id: string | null, line: number | null, column: number | null, revision: number | null, message: string }} ViewError
 * @typedef {"current" | "previous" | "mixed" | "none"} Running
 * @typedef {{ self: boolean, deps: string[], exports: string[] | null }} HotFacts
 * @typedef {{ type: "hello", view: string, version: number }
 *   | { type: "ready" | "applied", view: string, version: number, ms: number, errors: ViewError[], running: Running, executed: string[], hot: Record<string, HotFacts> }
 *   | { type: "alive" | "closed", view: string }
 *   | { type: "executed", view: string, ids: string[], hot: Record<string, HotFacts> }
 *   | { type: "runtime-error", view: string, error: ViewError, running: Running }
 *   | { type: "invalidate", view: string, version: number, id: string, message?: string | null, firstInvalidatedBy?: string | null }
 *   | { type: "custom", view: string, event: string, data?: unknown }
 *   | { type: "resync", view: string, version: number }} ViewMessage
 */
