// The messages between the kernel and the widget's views: JSDoc types only, mirroring
// nbbundle/protocol.py (ARCHITECTURE.md has the table with what each one means).

/**
 * @typedef {{ entry: string, version: number, modules: Record<string, string>, error: Diagnostic | null }} BundleState
 * @typedef {{ code?: string, message: string, id: string | null, line: number | null, column: number | null, frame?: string, hint?: string | null }} Diagnostic
 * @typedef {{ kind: "self" | "dep" | "entry", boundary: string, acceptedVia: string, chain: string[], isWithinCircularImport: boolean }} BoundaryMessage
 * @typedef {{ type: "update", version: number, modules: Record<string, string>, removed: string[], updates: BoundaryMessage[], reload: string | null, firstInvalidatedBy: string | null }} UpdateMessage
 * @typedef {{ type: "error", version: number, error: Diagnostic }} ErrorMessage
 * @typedef {{ type: "custom", event: string, data: unknown }} CustomMessage
 * @typedef {{ type: "resync", version: number }} ResyncMessage
 * @typedef {UpdateMessage | ErrorMessage | CustomMessage | ResyncMessage} KernelMessage
 * @typedef {{ type: "ready" | "closed" | "executed" | "applied" | "runtime-error" | "invalidate" | "custom" | "resync", [key: string]: unknown }} ViewMessage
 */
