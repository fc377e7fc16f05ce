import { createTable, getCoreRowModel, getSortedRowModel, getFilteredRowModel, getPaginationRowModel, createColumnHelper } from "LIBRARY";

const helper = createColumnHelper();
const columns = [
  helper.accessor("name", { header: "Name" }),
  helper.accessor("age", { header: "Age" }),
  helper.accessor((row) => `${row.name}:${row.age}`, { id: "label", header: "Label" }),
];
const data = [{ name: "b", age: 3 }, { name: "a", age: 7 }, { name: "c", age: 5 }, { name: "d", age: 1 }];
let state = {};
const table = createTable({
  data, columns, state, renderFallbackValue: null,
  onStateChange: (updater) => { state = typeof updater === "function" ? updater(state) : updater; },
  getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(),
  getFilteredRowModel: getFilteredRowModel(), getPaginationRowModel: getPaginationRowModel(),
});
state = { ...table.initialState, sorting: [{ id: "age", desc: true }], pagination: { pageIndex: 0, pageSize: 3 } };
table.setOptions((prev) => ({ ...prev, state }));
const rows = () => table.getRowModel().rows.map((r) => r.getVisibleCells().map((c) => c.getValue()).join("/")).join(" ");
console.log(table.getHeaderGroups()[0].headers.map((h) => h.column.columnDef.header).join(","), rows());
table.setOptions((prev) => ({ ...prev, state: { ...state, sorting: [{ id: "name", desc: false }], pagination: { pageIndex: 1, pageSize: 3 } } }));
console.log(rows(), table.getPageCount(), table.getCanPreviousPage());
table.setOptions((prev) => ({ ...prev, state: { ...state, sorting: [], columnFilters: [{ id: "name", value: "a" }] } }));
console.log(rows(), table.getFilteredRowModel().rows.length);
