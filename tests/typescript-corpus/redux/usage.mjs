import { createStore, combineReducers, applyMiddleware, compose, bindActionCreators, isAction, isPlainObject } from "LIBRARY";

const counter = (state = 0, action) => (action.type === "inc" ? state + (action.by ?? 1) : state);
const todos = (state = [], action) => (action.type === "add" ? [...state, action.text] : state);
const seen = [];
const logger = (api) => (next) => (action) => { seen.push(action.type); return next(action); };
const store = createStore(combineReducers({ counter, todos }), applyMiddleware(logger));
const unsubscribe = store.subscribe(() => seen.push(`state ${store.getState().counter}`));
store.dispatch({ type: "inc" });
store.dispatch({ type: "inc", by: 5 });
const actions = bindActionCreators({ add: (text) => ({ type: "add", text }) }, store.dispatch);
actions.add("write");
unsubscribe();
store.dispatch({ type: "inc" });
console.log(JSON.stringify(store.getState()), seen.join(","));
console.log(compose((x) => x + 1, (x) => x * 2)(5), isAction({ type: "x" }), isAction({}), isPlainObject([]));
try { store.dispatch({ nope: true }); } catch (error) { console.log("throws", error.message.split(".")[0]); }
