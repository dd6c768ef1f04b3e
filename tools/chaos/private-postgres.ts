import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the chaos run's own, so it can be restarted (even
 * crashed) without touching the machine's shared server. PostgreSQL refuses
 * to run as root: as root, the server runs as the `postgres` user.
 */
export class PrivatePostgres {
  private readonly dataDir: string;

  constructor(
    private readonly root: string,
    readonly port: number,
  ) {
    this.dataDir = join(root, 'data');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/chaos`;
  }

  start(): void {
    rmSync(this.root, { recursive: true, force: true });
    mkdirSync(this.root, { recursive: true });
    if (process.getuid?.() === 0) chownSync(this.root, uidOf('postgres'), gidOf('postgres'));
    this.run('initdb', ['-D', this.dataDir, '-A', 'trust', '-U', 'postgres']);
    this.pgCtl(['start', '-l', join(this.root, 'server.log')]);
  }

  /** `immediate` is a crash (no shutdown checkpoint; recovery at start), `fast` a clean stop. Does not block the event loop. */
  restart(mode: 'immediate' | 'fast'): Promise<void> {
    const [file, argv] = this.command('pg_ctl', this.pgCtlArgs(['restart', '-m', mode, '-l', join(this.root, 'server.log')]));
    return new Promise((resolve, reject) => execFile(file, argv, (error) => (error ? reject(error) : resolve())));
  }

  stop(): void {
    try {
      this.pgCtl(['stop', '-m', 'fast']);
    } finally {
      rmSync(this.root, { recursive: true, force: true });
    }
  }

  private pgCtl(args: string[]): void {
    this.run('pg_ctl', this.pgCtlArgs(args));
  }

  private pgCtlArgs(args: string[]): string[] {
    return ['-D', this.dataDir, '-w', '-o', `-p ${this.port} -k ${this.root} -c listen_addresses=127.0.0.1`, ...args];
  }

  private run(tool: string, args: string[]): void {
    const [file, argv] = this.command(tool, args);
    execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  }

  private command(tool: string, args: string[]): [string, string[]] {
    const command = join(BIN, tool);
    return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  }
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}
