// "exports" with ES and CommonJS builds.
import { deflate, inflate } from "pako";

const input = new TextEncoder().encode("pako pako pako pako");
const packed = deflate(input);
console.log(packed.length < input.length, new TextDecoder().decode(inflate(packed)));
