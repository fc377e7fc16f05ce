// CommonJS that requires Node's crypto in a try, with "browser": {"crypto": false}.
import CryptoJS from "crypto-js";
import sha256 from "crypto-js/sha256.js";

console.log(CryptoJS.MD5("message").toString(), sha256("abc").toString().slice(0, 16));
const encrypted = CryptoJS.AES.encrypt("secret", "key").toString();
console.log(CryptoJS.AES.decrypt(encrypted, "key").toString(CryptoJS.enc.Utf8));
