// Moved to src/fakes (scripts such as npm run load use it too); this re-export keeps older imports working.
export * from "../../src/fakes/fakeEngine.ts";
