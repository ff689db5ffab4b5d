import { setActiveContractChecks } from './active-contract-checks';
import { ContractCheckedFetch } from './contract-checked-fetch';
import { summarizeViolations } from './violation-summary';

/**
 * Jest `setupFilesAfterEnv`: every response a test file receives through the global fetch from a
 * server that documents itself (`/docs-json`) is held to that document (see ContractCheckedFetch).
 * After each test, responses still waiting for their origin's document are checked, and any
 * violation of the test fails it, even one whose rejection the code under test caught.
 */
const checks = new ContractCheckedFetch(globalThis.fetch.bind(globalThis));
globalThis.fetch = checks.fetch;
setActiveContractChecks(checks);

async function failOnViolations(): Promise<void> {
  const violations = await checks.settle();
  if (violations.length > 0) throw new Error(summarizeViolations(violations));
}

afterEach(failOnViolations);
// Requests made in the last hooks of a file are after every afterEach.
afterAll(failOnViolations);
