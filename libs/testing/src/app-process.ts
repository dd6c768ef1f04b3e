import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { pollUntil } from './poll-until';
import { REPO_ROOT } from './test-infrastructure';

export interface AppProcessOptions {
  /** Run this script under dist/ (with `args`) instead of dist/apps/<name>/src/main.js. */
  script?: string;
  args?: string[];
  /** Node flags before the script, e.g. --cpu-prof (NODE_OPTIONS may not carry them). */
  nodeArgs?: string[];
  /** Write the output to this file (benchmarks) instead of keeping its tail for `logs`. */
  logFile?: string;
}

/** A built app (dist/) running as its own process, as in production. */
export class AppProcess {
  private output = '';

  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-256_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** Starts dist/apps/<name>/src/main.js with `env` and waits until its port accepts connections (Nest listens only once started). */
  static async start(name: string, port: number, env: Record<string, string>, options: AppProcessOptions = {}): Promise<AppProcess> {
    const { script = `apps/${name}/src/main.js`, args = [], nodeArgs = [], logFile } = options;
    if (logFile !== undefined) mkdirSync(dirname(logFile), { recursive: true }); // a fresh checkout has no .cache yet
    const out = logFile === undefined ? 'pipe' : openSync(logFile, 'w');
    const child = spawn(process.execPath, [...nodeArgs, resolve(REPO_ROOT, 'dist', script), ...args], {
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', out, out],
    });
    const app = new AppProcess(name, `http://127.0.0.1:${port}`, child);
    await pollUntil(
      () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${logFile === undefined ? app.output.slice(-2000) : `see ${logFile}`}`);
        return portAccepts(port);
      },
      Boolean,
      { timeoutMs: 60_000, what: `${name} to listen` },
    ).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    return app;
  }

  get logs(): string {
    return this.output;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Sends a signal and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    // 'close', not 'exit': only then has everything the process wrote been read from its pipes.
    const exited = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.kill(signal);
    await exited;
  }
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
