/**
 * Org-tree import, the checking half (pure): rows of 编码, 名称, 类型, 上级编码,
 * in any order (a parent may come after its child in the file). Each row is
 * checked with the tree's own rule (`validateNewOrg`) against the tree as it
 * will be once the rows before it in parent order are in.
 */
import { validateNewOrg } from '../domain/org-tree.ts';
import type { OrgNode, OrgTree, OrgType } from '../domain/types.ts';
import { PmcError } from '../errors.ts';
import type { ImportCode } from '../i18n/messages.ts';
import { mapColumns, problem, type ColumnSpec, type RowProblem } from './problems.ts';
import type { Table } from './table.ts';

export type OrgField = 'id' | 'name' | 'type' | 'parent';

export const ORG_COLUMNS: readonly ColumnSpec<OrgField>[] = [
  { field: 'id', headers: ['编码', '组织编码', 'id'], required: true },
  { field: 'name', headers: ['名称', '组织名称', 'name'], required: true },
  { field: 'type', headers: ['类型', '组织类型', 'type'], required: true },
  { field: 'parent', headers: ['上级编码', '上级组织编码', 'parent'], required: true },
];

export const ORG_TYPE_WORDS: Record<string, Exclude<OrgType, 'root'>> = {
  党委: 'committee',
  基层党委: 'committee',
  committee: 'committee',
  党总支: 'general_branch',
  总支: 'general_branch',
  general_branch: 'general_branch',
  党支部: 'branch',
  支部: 'branch',
  branch: 'branch',
  党小组: 'group',
  group: 'group',
};
const TYPE_ZH: Record<OrgType, string> = {
  root: '组织部',
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  group: '党小组',
};

export interface OrgRow extends OrgNode {
  row: number;
  parent: string;
  type: Exclude<OrgType, 'root'>;
}

/**
 * Checks every row; returns the valid new ones parents first, the rows that
 * match an existing org exactly (`unchanged`) and those that differ from it
 * (`changed`, reported, never overwritten).
 */
export function checkOrgRows(
  table: Table,
  tree: OrgTree,
): {
  valid: OrgRow[];
  unchanged: OrgRow[];
  changed: { row: OrgRow; fields: { field: OrgField; was: string; now: string }[] }[];
  problems: RowProblem[];
  invalidRows: number;
} {
  const cols = mapColumns(table.headers, ORG_COLUMNS);
  const out = {
    valid: [] as OrgRow[],
    unchanged: [] as OrgRow[],
    changed: [] as { row: OrgRow; fields: { field: OrgField; was: string; now: string }[] }[],
    problems: cols.problems,
    invalidRows: 0,
  };
  if (cols.problems.length > 0) return { ...out, invalidRows: table.rows.length };
  const bad = new Map<number, RowProblem[]>();
  const report = (
    row: number,
    f: OrgField,
    code: ImportCode,
    vars: Record<string, string> = {},
  ) => {
    const list = bad.get(row) ?? [];
    list.push(problem(row, cols.columnOf(f), f, code, vars));
    bad.set(row, list);
  };
  const firstRow = new Map<string, number>();
  const candidates: OrgRow[] = [];
  for (const { row, cells } of table.rows) {
    const cell = (f: OrgField) => (cells[cols.index.get(f)!] ?? '').trim();
    const [id, name, typeText, parent] = [cell('id'), cell('name'), cell('type'), cell('parent')];
    for (const [f, v] of [
      ['id', id],
      ['name', name],
      ['type', typeText],
      ['parent', parent],
    ] as const)
      if (v === '') report(row, f, 'REQUIRED');
    const type = ORG_TYPE_WORDS[typeText] ?? ORG_TYPE_WORDS[typeText.toLowerCase()];
    if (typeText && !type)
      report(row, 'type', 'BAD_CHOICE', { value: typeText, choices: '党委/党总支/党支部/党小组' });
    if (id) {
      const first = firstRow.get(id);
      if (first !== undefined) report(row, 'id', 'DUPLICATE_ORG_IN_FILE', { other: String(first) });
      else firstRow.set(id, row);
    }
    if (!bad.has(row)) {
      const r: OrgRow = { row, id, name, type: type!, parent };
      const existing = tree.get(id);
      if (existing) {
        const fields = (['name', 'type', 'parent'] as const)
          .filter((f) => String(existing[f]) !== r[f])
          .map((f) => ({ field: f, was: String(existing[f]), now: r[f] }));
        if (fields.length === 0) out.unchanged.push(r);
        else out.changed.push({ row: r, fields });
      } else candidates.push(r);
    }
  }
  // Parents first: add whatever row's parent is already in, until nothing moves.
  const growing = new Map(tree);
  let pending = candidates;
  while (pending.length > 0) {
    const later: OrgRow[] = [];
    for (const r of pending) {
      if (!growing.has(r.parent)) {
        later.push(r);
        continue;
      }
      try {
        validateNewOrg(growing, r);
        growing.set(r.id, { id: r.id, name: r.name, type: r.type, parent: r.parent });
        out.valid.push(r);
      } catch (err) {
        if (!(err instanceof PmcError)) throw err;
        const f = (err.field ?? 'id') as OrgField;
        if (f === 'parent') {
          const above = growing.get(r.parent)!;
          report(r.row, 'type', 'BAD_NESTING', {
            type: TYPE_ZH[r.type],
            parentType: TYPE_ZH[above.type],
          });
        } else if (f === 'id') report(r.row, 'id', 'BAD_ORG_ID', { value: r.id });
        else report(r.row, f, 'RULE', { value: err.message });
      }
    }
    if (later.length === pending.length) {
      for (const r of later) {
        const parentRow = firstRow.get(r.parent);
        if (parentRow === undefined) report(r.row, 'parent', 'PARENT_MISSING', { value: r.parent });
        else if (bad.has(parentRow))
          report(r.row, 'parent', 'PARENT_INVALID', { value: r.parent, other: String(parentRow) });
        else report(r.row, 'parent', 'PARENT_CYCLE', { value: r.parent });
      }
      break;
    }
    pending = later;
  }
  // A row is invalid if any problem names it; rows whose parent was refused fail with it (PARENT_MISSING).
  out.valid = out.valid.filter((r) => !bad.has(r.row));
  for (const list of [...bad.entries()].sort((a, b) => a[0] - b[0])) out.problems.push(...list[1]);
  out.invalidRows = bad.size;
  return out;
}
