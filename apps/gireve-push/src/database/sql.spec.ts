import { retryOnDeadlock } from './sql';

const deadlock = () => Object.assign(new Error('deadlock detected'), { driverError: { code: '40P01' } });

describe(retryOnDeadlock.name, () => {
  it('runs a deadlock victim again, up to its attempts', async () => {
    let calls = 0;
    await expect(retryOnDeadlock(async () => (++calls < 3 ? Promise.reject(deadlock()) : 'done'))).resolves.toBe('done');
    expect(calls).toBe(3);
    calls = 0;
    await expect(retryOnDeadlock(async () => (++calls, Promise.reject(deadlock())), 2)).rejects.toThrow('deadlock detected');
    expect(calls).toBe(2);
  });

  it('passes any other error through at once', async () => {
    let calls = 0;
    const other = Object.assign(new Error('unique violation'), { driverError: { code: '23505' } });
    await expect(retryOnDeadlock(async () => (++calls, Promise.reject(other)))).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});
