import { createSelector, createStructuredSelector, weakMapMemoize, lruMemoize, createSelectorCreator } from "LIBRARY";

let computations = 0;
const selectTotal = createSelector([(s) => s.items, (s) => s.tax], (items, tax) => {
  computations++;
  return items.reduce((sum, item) => sum + item.price, 0) * (1 + tax);
}, { devModeChecks: { inputStabilityCheck: "never", identityFunctionCheck: "never" } });
const state = { items: [{ price: 10 }, { price: 5 }], tax: 0.5 };
console.log(selectTotal(state), selectTotal(state), selectTotal({ ...state, tax: 0 }), computations);
console.log(selectTotal.recomputations(), selectTotal.dependencies.length, typeof selectTotal.resultFunc);
const structured = createStructuredSelector({ tax: (s) => s.tax, count: (s) => s.items.length });
console.log(JSON.stringify(structured(state)));
const memo = weakMapMemoize((a, b) => ({ sum: a + b }));
console.log(memo(1, 2) === memo(1, 2), memo(1, 2).sum);
const createLru = createSelectorCreator(lruMemoize, { maxSize: 2 });
const pick = createLru([(s) => s.tax], (tax) => ({ tax }));
console.log(pick(state) === pick({ tax: 0.5 }), pick(state).tax);
