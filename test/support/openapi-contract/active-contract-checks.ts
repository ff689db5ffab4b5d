import type { ContractCheckedFetch } from './contract-checked-fetch';

// One per test file: jest loads setup files and the test file into the same module registry.
let active: ContractCheckedFetch | null = null;

/** Called by the setup file that installs the checked fetch. */
export function setActiveContractChecks(checks: ContractCheckedFetch): void {
  active = checks;
}

/** The checked fetch installed for this test file, or null when jest ran without the contract setup file. */
export function activeContractChecks(): ContractCheckedFetch | null {
  return active;
}
