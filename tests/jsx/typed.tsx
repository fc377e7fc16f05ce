// TypeScript inside JSX: assertions, non-null, satisfies, generic arrows, typed props.
import { renderToStaticMarkup } from "react-dom/server";

type Props = { value?: number; labels: Record<string, string> };

const identity = <T,>(x: T): T => x;

function Typed({ value, labels }: Props) {
  const shown = (value as number).toFixed(1);
  return (
    <p data-label={labels.name!} title={identity<string>("t")}>
      {shown} {(labels satisfies Record<string, string>).unit}
    </p>
  );
}

export function output(): string {
  return renderToStaticMarkup(<Typed value={2} labels={{ name: "n", unit: "kg" }} />);
}
