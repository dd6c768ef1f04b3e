import type { LocationCheck } from './check-locations.service';

const SHOWN_DIFFERENCES = 10;

/** One readable block per Location that is not the same at the IOP; nothing for those that are. */
export function describeCheck(check: LocationCheck): string | null {
  switch (check.verdict) {
    case 'same':
      return null;
    case 'missing':
      return `✗ ${check.key}: missing at the IOP`;
    case 'unreadable':
      return `? ${check.key}: could not be read from the IOP (${check.reason})`;
    case 'differs': {
      const lines = check.differences.slice(0, SHOWN_DIFFERENCES).map((d) => `    ${d.path}: ours ${JSON.stringify(d.ours) ?? '(absent)'}, IOP ${JSON.stringify(d.theirs) ?? '(absent)'}`);
      const more = check.differences.length - SHOWN_DIFFERENCES;
      if (more > 0) lines.push(`    … and ${more} more`);
      return [`✗ ${check.key}: ${check.differences.length} difference(s)`, ...lines].join('\n');
    }
  }
}

export interface CheckTotals {
  same: number;
  differs: number;
  missing: number;
  unreadable: number;
}

export function describeTotals(totals: CheckTotals): string {
  const checked = totals.same + totals.differs + totals.missing + totals.unreadable;
  return `Checked ${checked} Location(s): ${totals.same} same, ${totals.differs} differ, ${totals.missing} missing at the IOP, ${totals.unreadable} unreadable.`;
}
