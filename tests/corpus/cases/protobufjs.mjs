// CommonJS with @protobufjs/inquire's hidden require (eval("quire".replace(/^/,"re"))), "browser": {"fs": false}.
import protobuf from "protobufjs/light.js";

const root = protobuf.Root.fromJSON({ nested: { Msg: { fields: { id: { type: "int32", id: 1 }, name: { type: "string", id: 2 } } } } });
const Msg = root.lookupType("Msg");
const bytes = Msg.encode(Msg.create({ id: 7, name: "seven" })).finish();
console.log(bytes.length, JSON.stringify(Msg.toObject(Msg.decode(bytes))));
