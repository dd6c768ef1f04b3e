import { EvseRegistry } from './evse-registry';
import { locationChange } from './location-change.fixture';

describe('EvseRegistry', () => {
  it('finds EVSEs by OCPI ids and by OCPP identity', () => {
    const registry = new EvseRegistry();
    registry.apply(
      locationChange(
        'L1',
        [{ uid: 'L1-1' }, { uid: 'L1-2' }],
        [
          { evse_uid: 'L1-1', charge_point_id: 'CP1', ocpp16_connector_id: 1 },
          { evse_uid: 'L1-2', charge_point_id: 'CP1', ocpp16_connector_id: 2 },
        ],
      ),
    );
    registry.apply(locationChange('L2', [{ uid: 'L2-1' }], [{ evse_uid: 'L2-1', charge_point_id: 'CS9', ocpp201_evse_id: 1 }]));

    expect(registry.findNative('FR', 'ABC', 'L1', 'L1-2')).toMatchObject({ location_id: 'L1', evse_uid: 'L1-2', removed: false });
    expect(registry.findNative('FR', 'XYZ', 'L1', 'L1-2')).toBeUndefined();
    expect(registry.findOcpp16('CP1', 2)?.evse_uid).toBe('L1-2');
    expect(registry.findOcpp16('CP1', 3)).toBeUndefined();
    expect(registry.findOcpp201('CS9', 1)?.evse_uid).toBe('L2-1');
    expect(registry.findOcpp16('CS9', 1)).toBeUndefined();
    expect(
      registry
        .evsesOfChargePoint('CP1')
        .map((e) => e.evse_uid)
        .sort(),
    ).toEqual(['L1-1', 'L1-2']);
    expect(registry.isKnownChargePoint('CP2')).toBe(false);
    expect(registry.locationCount).toBe(2);
  });

  it('replaces what a Location said before: removed EVSEs, moved bindings and REMOVED status', () => {
    const registry = new EvseRegistry();
    registry.apply(
      locationChange(
        'L1',
        [{ uid: 'A' }, { uid: 'B' }],
        [
          { evse_uid: 'A', charge_point_id: 'CP1', ocpp16_connector_id: 1 },
          { evse_uid: 'B', charge_point_id: 'CP1', ocpp16_connector_id: 2 },
        ],
      ),
    );
    registry.apply(locationChange('L1', [{ uid: 'A', status: 'REMOVED' }], [{ evse_uid: 'A', charge_point_id: 'CP2', ocpp16_connector_id: 1 }]));

    expect(registry.findNative('FR', 'ABC', 'L1', 'B')).toBeUndefined();
    expect(registry.findNative('FR', 'ABC', 'L1', 'A')?.removed).toBe(true);
    expect(registry.findOcpp16('CP1', 1)).toBeUndefined();
    expect(registry.findOcpp16('CP1', 2)).toBeUndefined();
    expect(registry.isKnownChargePoint('CP1')).toBe(false);
    expect(registry.findOcpp16('CP2', 1)?.evse_uid).toBe('A');
  });

  it('keeps an identity another Location took over when the first one changes', () => {
    const registry = new EvseRegistry();
    registry.apply(locationChange('L1', [{ uid: 'A' }], [{ evse_uid: 'A', charge_point_id: 'CP1', ocpp16_connector_id: 1 }]));
    registry.apply(locationChange('L2', [{ uid: 'B' }], [{ evse_uid: 'B', charge_point_id: 'CP1', ocpp16_connector_id: 1 }]));
    registry.apply(locationChange('L1', [{ uid: 'A' }]));

    expect(registry.findOcpp16('CP1', 1)?.location_id).toBe('L2');
    expect(registry.evsesOfChargePoint('CP1').map((e) => e.evse_uid)).toEqual(['B']);
  });

  it('forgets a Location on a tombstone, and ignores bindings to EVSEs the Location lacks', () => {
    const registry = new EvseRegistry();
    registry.apply(locationChange('L1', [{ uid: 'A' }], [{ evse_uid: 'GHOST', charge_point_id: 'CP1', ocpp16_connector_id: 1 }]));
    expect(registry.findOcpp16('CP1', 1)).toBeUndefined();
    registry.remove('FR/ABC/L1');
    expect(registry.findNative('FR', 'ABC', 'L1', 'A')).toBeUndefined();
    expect(registry.locationCount).toBe(0);
  });

  it('does not confuse charge point ids that share a prefix with a connector number', () => {
    const registry = new EvseRegistry();
    registry.apply(locationChange('L1', [{ uid: 'A' }], [{ evse_uid: 'A', charge_point_id: 'CP1', ocpp16_connector_id: 11 }]));
    expect(registry.findOcpp16('CP11', 1)).toBeUndefined();
    expect(registry.findOcpp16('CP1', 11)?.evse_uid).toBe('A');
  });
});
