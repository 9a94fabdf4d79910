/**
 * Every `pmcert` command, one file each, registered here by the words that run
 * it. A command file is imported only when it runs (or prints its help), so
 * `pmcert --help` loads this list and the summaries (src/i18n/cli.ts), nothing
 * else. test/cli/commands.test.ts fails when a file in this folder is not
 * registered here, or a registered command has no summary.
 */
import { ENDORSE_KINDS } from '../../domain/types.ts';
import type { Command } from '../command.ts';

export interface CommandEntry {
  name: string;
  load: () => Promise<Command>;
}

const cmd = (name: string, load: () => Promise<{ command: Command }>): CommandEntry => ({
  name,
  load: async () => (await load()).command,
});

export const COMMANDS: readonly CommandEntry[] = [
  cmd('init', () => import('./init.ts')),
  cmd('org add', () => import('./org-add.ts')),
  cmd('org list', () => import('./org-list.ts')),
  cmd('keys list', () => import('./keys-list.ts')),
  cmd('keys rotate', () => import('./keys-rotate.ts')),
  cmd('keys revoke', () => import('./keys-revoke.ts')),
  cmd('member enroll', () => import('./member-enroll.ts')),
  cmd('member show', () => import('./member-show.ts')),
  cmd('import', () => import('./import.ts')),
  // One file for every kind: each gets its own flags, derived from the kind's intent schema.
  ...ENDORSE_KINDS.map((kind) => ({
    name: `endorse ${kind.replaceAll('_', '-')}`,
    load: async () => (await import('./endorse.ts')).endorseCommand(kind),
  })),
  cmd('qr', () => import('./qr.ts')),
  cmd('export', () => import('./export.ts')),
  cmd('trust', () => import('./trust.ts')),
  cmd('verify', () => import('./verify.ts')),
  cmd('log watch', () => import('./log-watch.ts')),
  cmd('dues template', () => import('./dues-template.ts')),
  cmd('dues record', () => import('./dues-record.ts')),
  cmd('backup', () => import('./backup.ts')),
  cmd('restore', () => import('./restore.ts')),
  cmd('fsck', () => import('./fsck.ts')),
  cmd('demo', () => import('./demo.ts')),
  cmd('serve', () => import('./serve.ts')),
  cmd('migrate', () => import('./migrate.ts')),
  cmd('report compute', () => import('./report-compute.ts')),
  cmd('report file', () => import('./report-file.ts')),
  cmd('report accept', () => import('./report-accept.ts')),
  cmd('report return', () => import('./report-return.ts')),
  cmd('report pull', () => import('./report-pull.ts')),
  cmd('report export', () => import('./report-export.ts')),
  cmd('report evidence', () => import('./report-evidence.ts')),
  cmd('report audit', () => import('./report-audit.ts')),
];
