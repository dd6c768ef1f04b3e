import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the e2e tests' own Kafka broker listens: a port of its own, so a dev pipeline can keep running.
 * Fixed ports stay below Linux's ephemeral range (32768–60999): an outgoing connection may take one there.
 */
export const TEST_KAFKA_PORT = Number(process.env.TEST_KAFKA_PORT ?? 29092);
/** The repository root, from the sources or from their build in dist/. */
export const REPO_ROOT = repoRoot(__dirname);

function repoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const KAFKA_SCRIPT = resolve(REPO_ROOT, 'deploy/local/kafka.sh');

export interface BrokerOptions {
  /**
   * The port the broker gives clients in its metadata, when not its own: a
   * TcpProxy's there puts every connection of a client through the proxy.
   */
  advertisedPort?: number;
  /** A SASL_SSL listener next to the PLAINTEXT one (single node only). */
  saslSsl?: SaslSslListener;
}

/** kafka.sh's secure listener (KAFKA_SASL_SSL_PORT and its knobs; deploy/local/KAFKA.md). */
export interface SaslSslListener {
  port: number;
  /** PKCS12 files: the broker's key and certificate; the CAs client certificates are checked against. */
  keystore: string;
  truststore?: string;
  storePassword: string;
  clientAuth?: 'none' | 'requested' | 'required';
  /** Name → password, for PLAIN and both SCRAM mechanisms ([A-Za-z0-9._-] only). */
  users: Record<string, string>;
}

function kafkaEnv(port: number, { advertisedPort, saslSsl }: BrokerOptions = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_HOME_DIR: kafkaBrokerHome(port),
    ...(advertisedPort === undefined ? {} : { KAFKA_ADVERTISED_PORT: String(advertisedPort) }),
    ...(saslSsl === undefined ? {} : saslSslEnv(saslSsl)),
  };
}

/** Where the test broker on `port` keeps its data, logs and rendered properties. */
export function kafkaBrokerHome(port: number): string {
  return resolve(REPO_ROOT, `.cache/kafka/test-${port}`);
}

function saslSslEnv({ port, keystore, truststore, storePassword, clientAuth, users }: SaslSslListener): NodeJS.ProcessEnv {
  return {
    KAFKA_SASL_SSL_PORT: String(port),
    KAFKA_SSL_KEYSTORE: keystore,
    ...(truststore === undefined ? {} : { KAFKA_SSL_TRUSTSTORE: truststore }),
    KAFKA_SSL_STORE_PASSWORD: storePassword,
    KAFKA_SSL_CLIENT_AUTH: clientAuth ?? 'none',
    KAFKA_SASL_USERS: Object.entries(users)
      .map(([name, password]) => `${name}:${password}`)
      .join(','),
  };
}

/** Starts a broker on `port` (idempotent) and waits until it answers; its data lives in .cache/kafka/test-<port>. */
export function startKafkaBroker(port: number, options: BrokerOptions = {}): void {
  execFileSync('bash', [KAFKA_SCRIPT, 'start'], { env: kafkaEnv(port, options), stdio: 'inherit' });
}

export function stopKafkaBroker(port: number): void {
  execFileSync('bash', [KAFKA_SCRIPT, 'stop'], { env: kafkaEnv(port), stdio: 'inherit' });
}

/** kafka.sh start|stop for the broker on `port`, without blocking the event loop (a chaos run keeps its load going meanwhile). */
export function kafkaBrokerCommand(port: number, command: 'start' | 'stop', options: BrokerOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [KAFKA_SCRIPT, command], { env: kafkaEnv(port, options) }, (error) => (error ? reject(error) : resolve()));
  });
}

/** The JVM pid of the broker on `port`, to kill -9 or stall (SIGSTOP) it. */
export function kafkaBrokerPid(port: number): number {
  return Number(
    execFileSync('bash', [KAFKA_SCRIPT, 'pid'], { env: kafkaEnv(port) })
      .toString()
      .trim(),
  );
}

/**
 * A kafka.sh cluster of 3 KRaft nodes for durability tests: node i (1..3)
 * listens on `port` + 2(i - 1); topics default to 3 replicas and min ISR 2.
 */
export class KafkaCluster {
  static readonly NODES = 3;

  constructor(readonly port: number) {}

  get brokers(): string {
    return Array.from({ length: KafkaCluster.NODES }, (_, i) => `127.0.0.1:${this.nodePort(i + 1)}`).join(',');
  }

  nodePort(node: number): number {
    return this.port + 2 * (node - 1);
  }

  /** The node whose broker listens on `port`. */
  nodeOf(port: number): number {
    return (port - this.port) / 2 + 1;
  }

  start(): Promise<void> {
    return this.run(['start']);
  }

  stop(): Promise<void> {
    return this.run(['stop']);
  }

  startNode(node: number): Promise<void> {
    return this.run(['start-node', String(node)]);
  }

  pid(node: number): number {
    return Number(
      execFileSync('bash', [KAFKA_SCRIPT, 'pid', String(node)], { env: this.env() })
        .toString()
        .trim(),
    );
  }

  private env(): NodeJS.ProcessEnv {
    return { ...kafkaEnv(this.port), KAFKA_CLUSTER: String(KafkaCluster.NODES) };
  }

  private run(args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile('bash', [KAFKA_SCRIPT, ...args], { env: this.env() }, (error, _stdout, stderr) => (error ? reject(new Error(`kafka.sh ${args.join(' ')}: ${stderr}`)) : resolve()));
    });
  }
}

/** Starts the test run's shared broker (idempotent) and waits until it answers. */
export function startTestKafka(): void {
  startKafkaBroker(TEST_KAFKA_PORT);
}

export function stopTestKafka(): void {
  stopKafkaBroker(TEST_KAFKA_PORT);
}

/** The PostgreSQL server tests use; each run gets a database of its own on it. */
export function testDatabaseServer(): string {
  return process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
}

/** kill -9 and wait until the process is gone: its ports are free only then (a restart right after the signal finds them taken). */
export async function killAndWait(pid: number, timeoutMs = 30_000): Promise<void> {
  process.kill(pid, 'SIGKILL');
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const deadline = Date.now() + timeoutMs; alive(); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still alive ${timeoutMs} ms after SIGKILL`);
  }
}
