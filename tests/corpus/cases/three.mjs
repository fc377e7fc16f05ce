// A large ES build (three.core.js + three.module.js); math only, no WebGL.
import { Vector3, Matrix4, Quaternion, Euler, MathUtils } from "three";

const v = new Vector3(1, 2, 2);
const m = new Matrix4().makeRotationFromQuaternion(new Quaternion().setFromEuler(new Euler(0, Math.PI / 2, 0)));
console.log(v.length(), v.clone().applyMatrix4(m).toArray().map((n) => n.toFixed(3)).join(), MathUtils.radToDeg(Math.PI));
