// The part of React's refresh runtime (`react-refresh/runtime`, which ships no types) that
// react-refresh-runtime.js uses; the kernel serves the package from the user's node_modules.
declare module "react-refresh/runtime" {
	const RefreshRuntime: {
		injectIntoGlobalHook(globalObject: object): void;
		register(type: unknown, id: string): void;
		createSignatureFunctionForTransform(): (type: unknown, key?: string, forceReset?: boolean, getCustomHooks?: () => unknown[]) => unknown;
		isLikelyComponentType(value: unknown): boolean;
		getFamilyByType(type: unknown): object | undefined;
		performReactRefresh(): unknown;
	};
	export default RefreshRuntime;
}
