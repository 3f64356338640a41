import fs from "node:fs";
import path from "node:path";

/** A folder on the path is a symbolic link to something that does not exist. */
export class DanglingLink extends Error {
  override name = "DanglingLink";
  readonly code = "ENOENT";
  constructor(
    readonly link: string,
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(`${link} is a symbolic link to ${target}, which does not exist`, options);
  }
}

/**
 * `fs.mkdirSync(dir, { recursive: true })` without its endless loop. Node's recursive mkdir takes
 * ENOENT to mean "the parent is missing", creates the parent (EEXIST: fine) and tries again, for
 * ever, where mkdir answers ENOENT although the parent exists: under /proc, so DATA_DIR=/proc/x
 * froze the process at 100% CPU. Here each missing folder is made once, parent first, and the
 * first failure is thrown with its code (ENOENT, EACCES, ENOTDIR, EEXIST for a file in the way).
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let p = path.resolve(dir); !fs.statSync(p, { throwIfNoEntry: false }); p = path.dirname(p)) {
    missing.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // Another process made it meanwhile.
      if (fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) continue;
      // A link to a folder that is not there (a volume not mounted yet): say so, rather than "file exists".
      if (fs.lstatSync(folder).isSymbolicLink()) throw new DanglingLink(folder, fs.readlinkSync(folder), { cause: error });
      throw error;
    }
  }
  if (missing.length === 0 && !fs.statSync(dir).isDirectory()) {
    throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${dir}'`), { code: "EEXIST", path: dir, syscall: "mkdir" });
  }
}
