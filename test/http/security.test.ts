import { DRIVERS } from '../support/stores.ts';
import { runHardening } from './hardening.case.ts';
import { runSecurity } from './security.case.ts';

for (const driver of DRIVERS) runSecurity(driver);
for (const driver of DRIVERS) runHardening(driver);
