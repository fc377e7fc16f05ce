import invariant from "LIBRARY";

invariant(true, "never thrown");
for (const message of ["plain", () => "lazy", undefined]) {
  try {
    invariant(false, message);
  } catch (error) {
    console.log(error.name, error.message);
  }
}
