import { cpus, release, totalmem } from 'node:os';

/** When and on which machine a figure was measured: bench/REPORT.md shows it under each section. */
export interface MeasuredOn {
  /** ISO time the result was written, at the end of its run. */
  at: string;
  /** CPU model and cores, RAM, kernel: the hosts behind this machine's name change from day to day. */
  machine: string;
}

export function measuredOn(now = new Date()): MeasuredOn {
  return {
    at: now.toISOString(),
    machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores; RAM ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Linux ${release()}`,
  };
}
