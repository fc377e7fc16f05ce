import { configureStore, createSlice, createAsyncThunk, createAction, createReducer, createEntityAdapter, createSelector, nanoid, isAnyOf, createListenerMiddleware } from "LIBRARY";

const counter = createSlice({
  name: "counter",
  initialState: { value: 0, status: "idle" },
  reducers: {
    increment: (state) => { state.value += 1; },
    add: { reducer: (state, action) => { state.value += action.payload; }, prepare: (n) => ({ payload: n * 2 }) },
  },
  extraReducers: (builder) => {
    builder.addCase(load.pending, (state) => { state.status = "loading"; })
      .addCase(load.fulfilled, (state, action) => { state.status = "idle"; state.value = action.payload; });
  },
});
const load = createAsyncThunk("counter/load", async (n) => n * 100);
const reset = createAction("reset");
const books = createEntityAdapter({ sortComparer: (a, b) => a.title.localeCompare(b.title) });
const booksReducer = createReducer(books.getInitialState(), (builder) => {
  builder.addCase(reset, () => books.getInitialState()).addDefaultCase((state, action) => {
    if (action.type === "books/add") books.addOne(state, action.payload);
  });
});
const listener = createListenerMiddleware();
const heard = [];
listener.startListening({ matcher: isAnyOf(counter.actions.increment, reset), effect: (action) => { heard.push(action.type); } });
const store = configureStore({ reducer: { counter: counter.reducer, books: booksReducer },
  middleware: (getDefault) => getDefault().prepend(listener.middleware) });
store.dispatch(counter.actions.increment());
store.dispatch(counter.actions.add(3));
store.dispatch({ type: "books/add", payload: { id: "b", title: "Zen" } });
store.dispatch({ type: "books/add", payload: { id: "a", title: "Art" } });
const selectTitles = createSelector([(s) => s.books], (b) => books.getSelectors().selectAll(b).map((x) => x.title));
console.log(JSON.stringify(store.getState().counter), selectTitles(store.getState()).join(","));
await store.dispatch(load(4));
store.dispatch(reset());
console.log(JSON.stringify(store.getState()), heard.join(","), typeof nanoid(), nanoid().length);
