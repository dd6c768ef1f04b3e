import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { GirevePushSettings } from '../gireve-push.settings';
import type { IopClientService } from '../iop/iop-client.service';
import type { IopEndpointsService } from '../iop/iop-endpoints.service';
import { IopRequestError } from '../iop/iop-verdict';
import { IopPausedError, IopTrafficService } from './iop-traffic.service';

function traffic(endpoints: Partial<IopEndpointsService>): IopTrafficService {
  const registers = [new Registry()];
  return new IopTrafficService(
    {} as IopClientService,
    { invalidate: () => undefined, ...endpoints } as IopEndpointsService,
    Object.assign(new GirevePushSettings(), { UNAUTHORIZED_RETRY_DELAY_MS: 60_000 }),
    new Counter({ name: 'requests', help: 'test', labelNames: ['kind', 'result'], registers }),
    new Histogram({ name: 'duration', help: 'test', labelNames: ['kind'], registers }),
    new Gauge({ name: 'circuit', help: 'test', registers }),
  );
}

describe(`${IopTrafficService.name}.connection`, () => {
  it('pauses every request when discovery is refused (401), instead of letting the caller retry at once', async () => {
    let discoveries = 0;
    const policy = traffic({
      connection: async () => {
        discoveries += 1;
        throw new IopRequestError({ kind: 'unauthorized', reason: 'GET versions answered HTTP 401' });
      },
    });
    await expect(policy.connection('location')).rejects.toBeInstanceOf(IopRequestError);
    await expect(policy.connection('location')).rejects.toBeInstanceOf(IopPausedError);
    expect(policy.admission().slots).toBe(0);
    expect(discoveries).toBe(1);
    await policy.onApplicationShutdown();
  });
});
