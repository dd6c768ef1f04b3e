import type { IopRegistration, IopRegistrationService } from '@app/registration';
import { Gauge, Registry } from 'prom-client';
import { RegistrationMonitorService } from './registration-monitor.service';

function monitor(current: () => Promise<IopRegistration | null>) {
  const gauge = new Gauge({ name: 'registered', help: 'test', registers: [new Registry()] });
  const service = new RegistrationMonitorService({ current } as IopRegistrationService, gauge);
  const value = async () => (await gauge.get()).values[0]?.value;
  return { service, value };
}

describe(RegistrationMonitorService.name, () => {
  it('reports 1 once the IOP is registered and 0 when it is not (never registered, or unregistered)', async () => {
    let registration: IopRegistration | null = {} as IopRegistration;
    const { service, value } = monitor(async () => registration);
    await service.refresh();
    expect(await value()).toBe(1);
    registration = null;
    await service.refresh();
    expect(await value()).toBe(0);
  });

  it('reports 0 when the registration table does not exist (locations-api never migrated this database)', async () => {
    const { service, value } = monitor(async () => Promise.reject(Object.assign(new Error('relation does not exist'), { driverError: { code: '42P01' } })));
    await service.refresh();
    expect(await value()).toBe(0);
  });

  it('keeps its last value when the database cannot be read (a blip is not an unregistration)', async () => {
    let fail = false;
    const { service, value } = monitor(async () => {
      if (fail) throw new Error('connection terminated');
      return {} as IopRegistration;
    });
    await service.refresh();
    fail = true;
    await service.refresh();
    expect(await value()).toBe(1);
  });
});
