import { v211ViewIssues, validateLocation } from '@app/ocpi';
import { generatedLocations } from './generated-locations';

describe(generatedLocations.name, () => {
  const options = { profile: 'gireve' as const, emi3OperatorId: 'FR*ABC', unknownFields: 'report' as const };
  const locations = generatedLocations(80);

  it('makes valid GIREVE Locations in 2.2.1 and in their 2.1.1 view', () => {
    const problems = locations.flatMap((location) => {
      const result = validateLocation('2.2.1', location, options);
      const errors = result.ok ? v211ViewIssues(location, options) : result.errors;
      return errors.map((error) => `${String(location.id)} ${error.path}: ${error.reason}`);
    });
    expect(problems).toEqual([]);
  });

  it('varies what a Location carries, and makes the same ones from the same seed', () => {
    const shapes = new Set(locations.map((l) => Object.keys(l).sort().join(',')));
    expect(shapes.size).toBeGreaterThan(20);
    expect(new Set(locations.map((l) => (l.coordinates as { latitude: string }).latitude.split('.')[1]!.length))).toEqual(new Set([5, 6, 7]));
    expect(locations.some((l) => l.publish === false)).toBe(true);
    expect(generatedLocations(80)).toEqual(locations);
  });
});
