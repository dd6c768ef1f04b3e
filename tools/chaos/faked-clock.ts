import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where Debian's faketime package puts libfaketime (the multi-threaded build: Node runs threads). */
const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';

/**
 * The environment that runs a process with its wall clock `offset` away from
 * the machine's (libfaketime, e.g. "+5s"), installing Debian's faketime when
 * missing and running as root; undefined, with the reason logged, when it
 * cannot. Node 24 runs under it (timers, worker threads, HTTP); its monotonic
 * clock is left alone, so timeouts and intervals are not offset.
 */
export function fakedClockEnv(offset: string, log: (message: string) => void): Record<string, string> | undefined {
  if (!existsSync(LIBFAKETIME)) {
    if (process.getuid?.() !== 0) {
      log(`libfaketime missing and not root: the second charger-events replica runs on the machine's clock (apt-get install faketime to offset it)`);
      return undefined;
    }
    log('installing faketime (apt-get)');
    try {
      // update first: a fresh machine may have no package lists.
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', timeout: 300_000 });
      execFileSync('apt-get', ['install', '-y', '-qq', 'faketime'], { stdio: 'ignore', timeout: 300_000 });
    } catch (error) {
      log(`apt-get install faketime failed (${String(error)}): the second charger-events replica runs on the machine's clock`);
      return undefined;
    }
    if (!existsSync(LIBFAKETIME)) {
      log(`faketime installed but ${LIBFAKETIME} is missing: the second charger-events replica runs on the machine's clock`);
      return undefined;
    }
  }
  return { LD_PRELOAD: LIBFAKETIME, FAKETIME: offset, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
}
