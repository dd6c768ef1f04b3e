import 'reflect-metadata';
import { pollUntil } from '@app/testing';
import type { AppProcess } from '@app/testing';
import { AssignerProtocol } from 'kafkajs';
import { backwardsPatches, PushTestBed, Simulator, streamStatuses, uid, untilIopHolds } from './push-test-kit';

jest.setTimeout(180_000);

/**
 * Crashes, restarts and rebalances mid-stream: every EVSE still ends with its
 * newest status at the IOP, and the IOP never receives a status older than
 * one it accepted.
 */
describe('gireve-push: crashes, rebalances and graceful shutdown', () => {
  let simulator: Simulator;

  beforeAll(async () => {
    simulator = await Simulator.start();
    // A little latency keeps requests in flight when a worker dies.
    await simulator.setFaults({ latency_ms: 30 });
  });

  afterAll(async () => {
    await simulator?.app.stop();
  });

  function evses(count: number) {
    const location = uid('LOC');
    return Array.from({ length: count }, () => ({ location_id: location, evse_uid: uid('E') }));
  }

  it('loses nothing when a worker is killed with SIGKILL mid-stream and another takes over', async () => {
    const bed = new PushTestBed();
    await bed.setUp();
    try {
      const since = await simulator.lastSeq();
      let worker = await bed.startWorker(simulator);
      const expected = await streamStatuses(bed, evses(40), 12, async (round) => {
        if (round === 4) {
          await worker.stop('SIGKILL');
          worker = await bed.startWorker(simulator);
        }
      });
      const requests = await untilIopHolds(simulator, expected, { since });
      expect(backwardsPatches(requests)).toEqual([]);
    } finally {
      await bed.tearDown();
    }
  });

  it('shares the work between two replicas of one group and keeps every guarantee across the rebalance', async () => {
    const bed = new PushTestBed();
    await bed.setUp();
    try {
      const since = await simulator.lastSeq();
      const first = await bed.startWorker(simulator);
      let second: AppProcess | undefined;
      const expected = await streamStatuses(bed, evses(40), 12, async (round) => {
        if (round === 3) second = await bed.startWorker(simulator);
      });
      const admin = bed.kafka.admin();
      await admin.connect();
      try {
        const group = await pollUntil(
          async () => (await admin.describeGroups([bed.group])).groups[0],
          (g) => g.state === 'Stable' && g.members.length === 2,
          { what: 'both replicas in the group' },
        );
        const partitions = group.members.map((member) => Object.values(AssignerProtocol.MemberAssignment.decode(member.memberAssignment)!.assignment).flat());
        expect(partitions.every((assigned) => assigned.length > 0)).toBe(true);
      } finally {
        await admin.disconnect();
      }
      const requests = await untilIopHolds(simulator, expected, { since });
      expect(backwardsPatches(requests)).toEqual([]);
      expect((await simulator.stats()).max_in_flight_per_evse).toBe(1);
      expect(first.logs).not.toMatch(/"level":50/);
      expect(second!.logs).not.toMatch(/"level":50/);
    } finally {
      await bed.tearDown();
    }
  });

  it('on SIGTERM under load, finishes or hands back its work, commits and exits; nothing is lost', async () => {
    const bed = new PushTestBed();
    await bed.setUp();
    try {
      const since = await simulator.lastSeq();
      const leaving = await bed.startWorker(simulator, { SHUTDOWN_GRACE_MS: '5000' });
      await bed.startWorker(simulator);
      let stopped: Promise<void> | undefined;
      const expected = await streamStatuses(bed, evses(40), 12, async (round) => {
        if (round === 5) stopped = leaving.stop('SIGTERM');
      });
      await stopped;
      expect(leaving.logs).toContain('stopped: offsets committed, pushes finished or handed back');
      const requests = await untilIopHolds(simulator, expected, { since });
      expect(backwardsPatches(requests)).toEqual([]);
    } finally {
      await bed.tearDown();
    }
  });
});
