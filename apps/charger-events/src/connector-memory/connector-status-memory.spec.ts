import { EvseStatus } from '@app/ocpi';
import { ConnectorStatusMemory } from './connector-status-memory';

describe('ConnectorStatusMemory snapshot and restore', () => {
  it("restores another memory's snapshot: the fold and the own status go on from it", () => {
    const before = new ConnectorStatusMemory();
    before.recordOwn('E1', EvseStatus.CHARGING, 1000);
    before.foldConnector('E2', 1, EvseStatus.CHARGING, 1000);
    const snapshots = [before.snapshot('E1'), before.snapshot('E2')];
    expect(snapshots).toEqual([
      { evse_key: 'E1', own: { status: 'CHARGING', time: 1000 }, connectors: [] },
      { evse_key: 'E2', connectors: [{ connector_id: 1, status: 'CHARGING', time: 1000 }] },
    ]);

    const after = new ConnectorStatusMemory();
    for (const snapshot of snapshots) after.restore(JSON.parse(JSON.stringify(snapshot)));
    expect(after.ownStatus('E1')).toBe(EvseStatus.CHARGING);
    expect(after.foldConnector('E2', 2, EvseStatus.AVAILABLE, 2000)).toBe(EvseStatus.CHARGING);
  });

  it('keeps the newest time when a restored memory is older than what it knows', () => {
    const memory = new ConnectorStatusMemory();
    memory.recordOwn('E1', EvseStatus.AVAILABLE, 2000);
    memory.foldConnector('E2', 1, EvseStatus.AVAILABLE, 2000);
    memory.restore({ evse_key: 'E1', own: { status: EvseStatus.CHARGING, time: 1000 }, connectors: [] });
    memory.restore({ evse_key: 'E2', connectors: [{ connector_id: 1, status: EvseStatus.CHARGING, time: 1000 }] });
    expect(memory.ownStatus('E1')).toBe(EvseStatus.AVAILABLE);
    expect(memory.snapshot('E2').connectors).toEqual([{ connector_id: 1, status: 'AVAILABLE', time: 2000 }]);
  });
});
