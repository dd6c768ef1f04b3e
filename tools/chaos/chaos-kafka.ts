import { freePort, KafkaCluster, kafkaBrokerCommand, kafkaBrokerPid, killAndWait, REPO_ROOT, startKafkaBroker, stopKafkaBroker, TcpProxy } from '@app/testing';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The Kafka a chaos run uses, and the faults it can suffer. */
export interface ChaosKafka {
  readonly brokers: string;
  /** Replication and min ISR its topics get, as the apps are told. */
  readonly replication: { factor: number; minInsync: number };
  start(): Promise<void>;
  /** Stops it for good at the end of the run. */
  close(): Promise<void>;
  /** SIGTERM and start again (the whole cluster). */
  restart(): Promise<void>;
  /** kill -9 a broker (on a cluster: node 1, which leads some partitions) and start it again. */
  kill(): Promise<void>;
  /** SIGSTOP a broker for `ms`, then SIGCONT. */
  stall(ms: number): Promise<void>;
  /** The broker applies what it gets while its answers are lost for `ms`, then every connection is reset; false where there is no wire to cut. */
  loseAnswers(ms: number): Promise<boolean>;
}

/** One broker behind a TcpProxy that it advertises: every client of every app crosses the proxy. */
export class ProxiedBroker implements ChaosKafka {
  readonly replication = { factor: 1, minInsync: 1 };
  private proxy!: TcpProxy;

  constructor(private readonly port: number) {}

  get brokers(): string {
    return `127.0.0.1:${this.proxy.port}`;
  }

  async start(): Promise<void> {
    rmSync(join(REPO_ROOT, `.cache/kafka/test-${this.port}`), { recursive: true, force: true });
    this.proxy = await TcpProxy.start({ port: this.port }, await freePort());
    startKafkaBroker(this.port, this.options());
  }

  async close(): Promise<void> {
    await this.proxy?.close();
    stopKafkaBroker(this.port);
  }

  async restart(): Promise<void> {
    await kafkaBrokerCommand(this.port, 'stop');
    await kafkaBrokerCommand(this.port, 'start', this.options());
  }

  async kill(): Promise<void> {
    await killAndWait(kafkaBrokerPid(this.port));
    await kafkaBrokerCommand(this.port, 'start', this.options());
  }

  async stall(ms: number): Promise<void> {
    await stallProcess(kafkaBrokerPid(this.port), ms);
  }

  async loseAnswers(ms: number): Promise<boolean> {
    this.proxy.set('toClient', { kind: 'blackhole' });
    await sleep(ms);
    this.proxy.resetAll();
    this.proxy.heal();
    return true;
  }

  private options() {
    return { advertisedPort: this.proxy.port };
  }
}

/** Three KRaft nodes (deploy/local/kafka.sh KAFKA_CLUSTER=3), topics with 3 replicas and min ISR 2. */
export class ChaosCluster implements ChaosKafka {
  readonly replication = { factor: 3, minInsync: 2 };
  private readonly cluster: KafkaCluster;

  constructor(port: number) {
    this.cluster = new KafkaCluster(port);
  }

  get brokers(): string {
    return this.cluster.brokers;
  }

  async start(): Promise<void> {
    rmSync(join(REPO_ROOT, `.cache/kafka/test-${this.cluster.port}`), { recursive: true, force: true });
    await this.cluster.start();
  }

  close(): Promise<void> {
    return this.cluster.stop();
  }

  async restart(): Promise<void> {
    await this.cluster.stop();
    await this.cluster.start();
  }

  async kill(): Promise<void> {
    await killAndWait(this.cluster.pid(1));
    await this.cluster.startNode(1);
  }

  stall(ms: number): Promise<void> {
    return stallProcess(this.cluster.pid(2), ms);
  }

  async loseAnswers(): Promise<boolean> {
    return false;
  }
}

async function stallProcess(pid: number, ms: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  try {
    await sleep(ms);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
