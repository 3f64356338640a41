// Preloaded (node --import) into a reindex child process by tests/reindex.signals.test.ts. When the
// build creates its `.building-…` folder, it writes the folder's path to PAUSE_BUILD_MARKER and holds
// the main thread until the file PAUSE_BUILD_GO exists: the test signals the process while a
// half-written build is on disk, at a known point, without guessing how long a build takes.
import fs from "node:fs";

const marker = process.env.PAUSE_BUILD_MARKER;
const go = process.env.PAUSE_BUILD_GO;
if (marker && go) {
  const mkdirSync = fs.mkdirSync;
  fs.mkdirSync = function (folder, ...rest) {
    const made = mkdirSync.call(this, folder, ...rest);
    if (String(folder).includes(".building-")) {
      fs.writeFileSync(marker, String(folder));
      const nap = new Int32Array(new SharedArrayBuffer(4));
      while (!fs.existsSync(go)) Atomics.wait(nap, 0, 0, 10); // ms
    }
    return made;
  };
}
