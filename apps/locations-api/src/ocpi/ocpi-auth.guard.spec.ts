import { type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AcceptsTokenA, OcpiAuthGuard, OnAnyVersion } from './ocpi-auth.guard';
import type { OcpiCaller, OcpiTokensService } from './ocpi-tokens.service';

class Routes {
  locations() {}
  @AcceptsTokenA()
  @OnAnyVersion()
  credentialsPut() {}
}

const tokenC: OcpiCaller = { token: 'C', presented: 'c', party: { countryCode: 'FR', partyId: '107' }, version: '2.2.1' };

function guarded(route: keyof Routes, version: string | undefined, caller: OcpiCaller = tokenC): Promise<boolean> {
  const tokens = { identify: async () => caller } as unknown as OcpiTokensService;
  const request = { headers: { authorization: 'Token c' }, params: version === undefined ? {} : { version } };
  const context = {
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => Routes.prototype[route],
    getClass: () => Routes,
  } as unknown as ExecutionContext;
  return new OcpiAuthGuard(tokens, new Reflector()).canActivate(context);
}

describe(OcpiAuthGuard.name, () => {
  it('lets token C call the version it was registered in', async () => {
    await expect(guarded('locations', '2.2.1')).resolves.toBe(true);
  });

  it('refuses token C in another version with 401, naming the registered one', async () => {
    await expect(guarded('locations', '2.1.1')).rejects.toThrow(
      new UnauthorizedException("Token C is valid in OCPI 2.2.1, the registered version: switch versions with a PUT to that version's credentials"),
    );
  });

  it('lets token C reach, in any version, what switching versions needs', async () => {
    await expect(guarded('credentialsPut', '2.1.1')).resolves.toBe(true);
  });

  it('leaves token A, version-less routes and unknown versions alone', async () => {
    await expect(guarded('credentialsPut', '2.1.1', { token: 'A', presented: 'a' })).resolves.toBe(true);
    await expect(guarded('locations', undefined)).resolves.toBe(true);
    await expect(guarded('locations', '2.0')).resolves.toBe(true); // OcpiVersionPipe's 404
  });
});
