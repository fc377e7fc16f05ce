// jsx: "react" with jsxFactory/jsxFragmentFactory from tsconfig.json: the classic runtime, h().
function h(type: unknown, props: Record<string, unknown> | null, ...children: unknown[]): string {
  const name = typeof type === "function" ? type.name : String(type);
  return `${name}(${JSON.stringify(props)})[${children.join(",")}]`;
}
function Frag() {}
const Item = ({ n }: { n: number }) => n;
console.log(<ul class="list"><li>one</li><>{2}<Item n={3} /></></ul>);
