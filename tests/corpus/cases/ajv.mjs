// CommonJS that requires JSON files (its meta-schemas) and compiles validators with new Function.
import Ajv from "ajv";

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile({ type: "object", properties: { n: { type: "integer", minimum: 1 } }, required: ["n"] });
console.log(validate({ n: 2 }), validate({ n: 0 }), validate.errors.map((e) => e.instancePath + " " + e.keyword).join());
