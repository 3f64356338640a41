import { spawnSync } from "node:child_process";
import os from "node:os";

/**
 * How long each CPU takes for the same short loop of plain arithmetic (ms), in a child process pinned
 * to that CPU with `taskset`, one CPU after the other. On this machine either vCPU at times runs the
 * loop at 60 % of the other's speed, changing from minute to minute (the host's cores are shared),
 * which caps what two encoder workers can gain over one: the bench reports it beside each round's
 * ratio. Undefined when taskset is not available.
 */
export function probeCpus(cpus = os.availableParallelism()): number[] | undefined {
  if (!tasksetWorks()) return undefined;
  const times: number[] = [];
  for (let cpu = 0; cpu < cpus; cpu++) {
    const run = spawnSync("taskset", ["-c", String(cpu), process.execPath, "-e", PROBE], { encoding: "utf8" });
    const ms = Number(run.stdout.trim());
    if (run.status !== 0 || !(ms > 0)) return undefined;
    times.push(ms);
  }
  return times;
}

/** Whether `taskset` (util-linux) is installed and may pin a process here. */
export function tasksetWorks(): boolean {
  return spawnSync("taskset", ["-c", "0", "true"]).status === 0;
}

/**
 * The most work spread over every CPU can gain over work on one, from the CPUs' probe times (ms)
 * while each side ran: the sum of every CPU's speed during the first run over the fastest CPU's
 * speed during the second. Two equal cores give 2; a second core at 60 % gives 1.6 (and work that
 * also contends for memory, as the model does, gains less still).
 */
export function cpuCeiling(allMs: readonly number[], oneMs: readonly number[]): number {
  const speeds = (ms: readonly number[]) => ms.map((x) => 1 / x);
  return speeds(allMs).reduce((s, x) => s + x, 0) / Math.max(...speeds(oneMs));
}

/** Each CPU's probe time around a run: the mean of the probes before and after it. */
export function aroundRun(before: readonly number[], after: readonly number[]): number[] {
  return before.map((x, i) => (x + after[i]!) / 2);
}

// A loop over 32 KB (held in the core's own cache): it measures the core, not memory. Three timings
// of ~100 ms on a fast core; the median is printed in ms.
const PROBE = `
const n = 4096, a = new Float64Array(n).map((_, i) => i * 1e-3); let s = 0; const t = [];
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  for (let r = 0; r < 4000; r++) for (let i = 0; i < n; i++) s += a[i] * a[(i * 7) & (n - 1)];
  t.push(performance.now() - t0);
}
t.sort((x, y) => x - y); console.log(s > 0 ? t[1] : -1);
`;
