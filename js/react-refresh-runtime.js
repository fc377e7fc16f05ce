// nbbundle's React Fast Refresh runtime: the module `@nbbundle/react-refresh`, which the
// kernel serves from memory to the modules that `react_refresh.py` registers. The analogue of
// `/@react-refresh` and the preamble of @vitejs/plugin-react, built on React's own refresh
// runtime from the user's `react-refresh` package.
//
// Every module that registers components imports this module first, so it runs before
// react-dom initializes: React reads `__REACT_DEVTOOLS_GLOBAL_HOOK__` once, then. Each view of
// a widget has its own module system and so its own React; the hook installed here belongs to
// this view, so this view's refresh runtime sees its own renderer and roots only. A DevTools
// extension's hook, if the page has one, still gets every call.
import RefreshRuntime from "react-refresh/runtime";

const globalObject = typeof window !== "undefined" ? window : globalThis;
const previousHook = globalObject.__REACT_DEVTOOLS_GLOBAL_HOOK__;
const devtools = previousHook && previousHook.nbbundleView ? previousHook.devtools : previousHook;
let nextRendererId = 0;

const viewHook = {
	nbbundleView: true,
	devtools,
	renderers: new Map(),
	supportsFiber: true,
	inject(renderer) {
		const id = devtools && typeof devtools.inject === "function" ? devtools.inject(renderer) : nextRendererId++;
		viewHook.renderers.set(id, renderer);
		return id;
	},
	onScheduleFiberRoot(...args) {
		devtools?.onScheduleFiberRoot?.(...args);
	},
	onCommitFiberRoot(...args) {
		devtools?.onCommitFiberRoot?.(...args);
	},
	onPostCommitFiberRoot(...args) {
		devtools?.onPostCommitFiberRoot?.(...args);
	},
	onCommitFiberUnmount(...args) {
		devtools?.onCommitFiberUnmount?.(...args);
	},
	setStrictMode(...args) {
		devtools?.setStrictMode?.(...args);
	},
};
globalObject.__REACT_DEVTOOLS_GLOBAL_HOOK__ = viewHook;
RefreshRuntime.injectIntoGlobalHook(globalObject);

/** `$RefreshReg$`: a component's family is its module id and local name. */
export function register(type, id) {
	RefreshRuntime.register(type, id);
}

/** `$RefreshSig$`: one per component or hook that calls hooks. */
export function signature() {
	return RefreshRuntime.createSignatureFunctionForTransform();
}

/**
 * Exports that look like components, registered by export name (Vite's
 * registerExportsForReactRefresh): what the transform could not see, `memo(…)` results and
 * the like. `current` maps each export name to a function that reads its local.
 */
export function registerExports(moduleId, current) {
	for (const [key, read] of Object.entries(current)) {
		const value = read();
		if (RefreshRuntime.isLikelyComponentType(value)) RefreshRuntime.register(value, `${moduleId} export ${key}`);
	}
}

let pending = null;

/** performReactRefresh once the updates of one cell run are all in (debounced, as in Vite). */
function enqueueRefresh() {
	if (pending !== null) clearTimeout(pending);
	pending = setTimeout(() => {
		pending = null;
		RefreshRuntime.performReactRefresh();
	}, 16);
}

/** Each module's namespace as of its last update: what the next update replaces. */
const latestExports = new Map();

/**
 * Whether the new version of a module can be refreshed in place: the same export names, each
 * one a component or unchanged (Vite's validateRefreshBoundaryAndEnqueueUpdate), and each
 * component of the same family as before. Returns why not, for `import.meta.hot.invalidate`,
 * which hands the update to the importers.
 *
 * A component export whose family changed (a function that became a class, a component newly
 * wrapped in `memo`) is not one React can swap: the importers still render the old type, so
 * they must run again and render the new one, as React's own ReactFreshIntegration tests do
 * when "the exported family changed".
 *
 * @param {string} moduleId
 * @param {string[] | null} names the previous version's export names (null: `export *`)
 * @param {Record<string, () => unknown>} current reads the previous version's exported locals
 * @param {Record<string, unknown>} next the new version's namespace
 */
export function refresh(moduleId, names, current, next) {
	const previous = latestExports.get(moduleId);
	latestExports.set(moduleId, next);
	const after = Object.keys(next);
	if (names === null || names.length !== after.length || names.some((key) => !(key in next))) {
		return `Could not Fast Refresh ${moduleId}: its exports changed`;
	}
	if (after.length === 0) {
		// Nothing an importer renders came from it: its effects ran again, as Vite decides.
		return `Could not Fast Refresh ${moduleId}: it exports no component`;
	}
	for (const key of after) {
		const known = previous !== undefined ? key in previous : key in current;
		const before = previous !== undefined ? previous[key] : known ? current[key]() : undefined;
		if (RefreshRuntime.isLikelyComponentType(next[key])) {
			if (known && RefreshRuntime.getFamilyByType(before) !== RefreshRuntime.getFamilyByType(next[key])) {
				return `Could not Fast Refresh ${moduleId}: the export "${key}" is a different component now`;
			}
			continue;
		}
		if (!known || before !== next[key]) {
			return `Could not Fast Refresh ${moduleId}: the export "${key}" is not a component`;
		}
	}
	if (viewHook.renderers.size === 0) {
		return `Could not Fast Refresh ${moduleId}: react-dom was loaded before any .jsx/.tsx module (import one first)`;
	}
	enqueueRefresh();
	return null;
}
