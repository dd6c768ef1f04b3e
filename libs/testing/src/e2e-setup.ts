// E2E specs start real processes and brokers: give hooks and tests room (deadlines live in pollUntil).
jest.setTimeout(120_000);
