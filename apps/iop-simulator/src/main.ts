import './tracing';
import { fastifyAdapter, runApp, setupOpenApi } from '@app/platform';
import { AppModule } from './app.module';
import { IopSimulatorSettings } from './iop-simulator.settings';

runApp(
  'iop-simulator',
  IopSimulatorSettings,
  (settings) => AppModule.forRoot(settings),
  (app) =>
    setupOpenApi(
      app,
      'iop-simulator',
      "A stand-in for GIREVE's IOP. Its admin API (no key: a test tool) injects faults, lists the requests received, counts requests in flight per EVSE and registers with a CPO as GIREVE does.",
    ),
  // Fastify: in benchmarks the simulator shares the machine with the push; the lighter it is, the more the push gets.
  () => fastifyAdapter(),
);
