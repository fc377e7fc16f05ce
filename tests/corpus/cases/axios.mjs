// "exports" with a "browser" condition and a "browser" map that swaps the http adapter and the
// platform for the browser's; no request is sent.
import axios from "axios";

const client = axios.create({ baseURL: "https://example.com/api", params: { a: 1 } });
console.log(client.getUri({ url: "/items", params: { b: [1, 2] } }));
console.log(typeof axios.isAxiosError, axios.isCancel(new axios.CanceledError()), typeof axios.AxiosHeaders);
