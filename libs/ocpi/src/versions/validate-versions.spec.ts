import { validateVersionDetails, validateVersionList } from './validate-versions';

describe(validateVersionList.name, () => {
  const list = [
    { version: '2.1.1', url: 'https://cpo.example.com/ocpi/2.1.1' },
    { version: '2.2.1', url: 'https://cpo.example.com/ocpi/2.2.1' },
  ];

  it('accepts a list, including versions newer than this library knows', () => {
    expect(validateVersionList('2.2.1', list)).toEqual({ ok: true, value: list });
    expect(validateVersionList('2.1.1', [...list, { version: '2.3.0', url: 'https://cpo.example.com/ocpi/2.3.0' }])).toMatchObject({ ok: true });
  });

  it.each([
    [[], [{ path: '', reason: 'must contain at least 1 element' }]],
    [{ version: '2.2.1' }, [{ path: '', reason: 'must be an array' }]],
    [[{ version: '2.2.1' }], [{ path: '[0].url', reason: 'required' }]],
    [[list[0], { version: 'v2', url: 'https://x.example' }], [{ path: '[1].version', reason: 'must be a version number such as 2.2.1' }]],
    [[list[0], 'https://x.example'], [{ path: '[1]', reason: 'must be an object' }]],
  ])('reports %j', (body, errors) => {
    expect(validateVersionList('2.2.1', body)).toEqual({ ok: false, errors });
  });
});

describe(validateVersionDetails.name, () => {
  const url = 'https://cpo.example.com/ocpi/2.2.1/locations';

  it('accepts spec and custom module IDs; 2.2.1 endpoints carry a role', () => {
    const details = {
      version: '2.2.1',
      endpoints: [
        { identifier: 'credentials', role: 'SENDER', url },
        { identifier: 'nltnm-tokens', role: 'RECEIVER', url },
      ],
    };
    expect(validateVersionDetails('2.2.1', details)).toEqual({ ok: true, value: details });
    expect(validateVersionDetails('2.1.1', { version: '2.1.1', endpoints: [{ identifier: 'locations', url }] })).toMatchObject({ ok: true });
  });

  it.each([
    [{ version: '2.2.1', endpoints: [] }, [{ path: 'endpoints', reason: 'must contain at least 1 element' }]],
    [{ version: '2.2.1', endpoints: [{ identifier: 'locations', url }] }, [{ path: 'endpoints[0].role', reason: 'required' }]],
    [{ version: '2.2.1', endpoints: [{ identifier: 'locations', role: 'BOTH', url }] }, [{ path: 'endpoints[0].role', reason: 'must be one of SENDER, RECEIVER' }]],
    [{ version: '2.2.1', endpoints: [{ identifier: 'my module', role: 'SENDER', url }] }, [{ path: 'endpoints[0].identifier', reason: 'must be a module ID such as locations' }]],
  ])('2.2.1 reports %j', (body, errors) => {
    expect(validateVersionDetails('2.2.1', body)).toEqual({ ok: false, errors });
  });
});
