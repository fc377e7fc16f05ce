import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { QueryClient, QueryClientProvider, useQuery, useQueryClient, useIsFetching, HydrationBoundary, dehydrate } from "LIBRARY";

function Todo({ id }) {
  const { data, status, isFetching } = useQuery({ queryKey: ["todo", id], queryFn: () => ({ id, title: "t" }), initialData: { id, title: `initial ${id}` } });
  const client = useQueryClient();
  return h("li", { "data-status": status }, `${data.title} ${isFetching} ${client.getQueryCache().getAll().length}`);
}
function Fetching() {
  return h("span", null, `fetching ${useIsFetching()}`);
}
const client = new QueryClient({ defaultOptions: { queries: { gcTime: Infinity, staleTime: Infinity } } });
client.setQueryData(["todo", 9], { id: 9, title: "hydrated" });
const state = dehydrate(client);
const fresh = new QueryClient({ defaultOptions: { queries: { gcTime: Infinity, staleTime: Infinity } } });
const html = renderToString(
  h(QueryClientProvider, { client: fresh },
    h(HydrationBoundary, { state }, h("ul", null, h(Todo, { id: 1 }), h(Todo, { id: 2 }), h(Fetching)))));
console.log(html);
console.log(JSON.stringify(fresh.getQueryData(["todo", 9])));
fresh.clear();
client.clear();
// A bundle takes react-dom's browser build, whose scheduler holds a MessageChannel open: exit
// here as node's own build would (stdout is written synchronously to a pipe on Linux).
process.exit(0);
