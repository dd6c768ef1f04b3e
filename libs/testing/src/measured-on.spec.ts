import { cpus, release } from 'node:os';
import { measuredOn } from './measured-on';

describe(measuredOn.name, () => {
  it("names the run's time, this host's CPU model and cores, and its kernel", () => {
    const measured = measuredOn(new Date('2026-12-07T20:16:21Z'));
    expect(measured.at).toBe('2026-12-07T20:16:21.000Z');
    expect(measured.machine).toContain(`${cpus()[0]!.model.trim()}, ${cpus().length} cores`);
    expect(measured.machine).toContain(`Linux ${release()}`);
  });
});
