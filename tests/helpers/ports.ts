export { freePort } from "../../src/eval/freePort.ts";
