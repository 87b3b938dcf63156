// The library's rows in memory: filter, sort, and the patch a studies:changed event applies, checked
// against a plain re-computation (filter then sort a copy) on random lists.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StudyRow } from '../../../shared/model/types';
import { rowsFromColumns, sortRows, upsertRows, visibleRows, type StudySort } from '../../../renderer/store/studyList';
import { fuzzRuns } from '../../helpers/fuzz';

const row = (
  id: string,
  firstAuthor: string | null,
  year: number | null,
  title: string,
  status: StudyRow['status'] = 'not_started',
): StudyRow => ({
  id,
  label: `${firstAuthor ?? 'Anon'} ${year ?? ''}`.trim(),
  firstAuthor,
  year,
  title,
  status,
});

const rows = [
  row('1', 'Adams', 2004, 'Alpha trial of CRT'),
  row('2', 'adams', 2010, 'Beta cohort', 'complete'),
  row('3', 'Brown', null, 'Gamma 100% trial', 'in_progress'),
  row('4', null, 1999, 'Kidney disease and CRT'),
];

describe('library rows in memory', () => {
  it('filter author, year, title or label case-insensitively, wildcards taken literally', () => {
    const ids = (filter: string) => visibleRows(rows, filter, null).map((r) => r.id);
    expect(ids('ADAMS')).toEqual(['1', '2']);
    expect(ids('1999')).toEqual(['4']);
    expect(ids('kidney')).toEqual(['4']);
    expect(ids('anon')).toEqual(['4']);
    expect(ids('%')).toEqual(['3']);
    expect(ids('_')).toEqual([]);
    expect(ids('  ')).toEqual(['1', '2', '3', '4']);
  });

  it('show only the studies with the chosen status, together with the filter and the order', () => {
    const ids = (filter: string, status: StudyRow['status'] | 'all') =>
      visibleRows(rows, filter, { key: 'year', descending: true }, status).map((r) => r.id);
    expect(ids('', 'not_started')).toEqual(['1', '4']);
    expect(ids('', 'complete')).toEqual(['2']);
    expect(ids('crt', 'not_started')).toEqual(['1', '4']);
    expect(ids('alpha', 'complete')).toEqual([]);
    expect(ids('', 'all')).toEqual(['2', '1', '4', '3']);
  });

  it('sort by a column either way, ties in the library order, and keep each order until the rows change', () => {
    const ids = (sort: StudySort) => sortRows(rows, sort).map((r) => r.id);
    expect(ids({ key: 'year', descending: false })).toEqual(['3', '4', '1', '2']);
    expect(ids({ key: 'year', descending: true })).toEqual(['2', '1', '4', '3']);
    expect(ids({ key: 'status', descending: false })).toEqual(['1', '4', '3', '2']);
    expect(ids({ key: 'author', descending: false })).toEqual(['1', '2', '4', '3']);
    expect(ids({ key: 'title', descending: false })).toEqual(['1', '2', '3', '4']);
    expect(sortRows(rows, null)).toBe(rows);
    const sort: StudySort = { key: 'title', descending: true };
    expect(sortRows(rows, sort)).toBe(sortRows(rows, sort));
    expect(sortRows([...rows], sort)).not.toBe(sortRows(rows, sort));
  });

  it('replace a changed row, add a new one in the library order, drop one the backend no longer lists', () => {
    const changed = row('2', 'adams', 2010, 'Beta cohort', 'in_progress');
    const added = row('5', 'Baker', 2001, 'Delta trial');
    const next = upsertRows(rows, ['2', '5', '3'], [changed, added]);
    expect(next.map((r) => r.id)).toEqual(['1', '2', '4', '5']);
    expect(next[1]).toBe(changed);
    expect(next[0]).toBe(rows[0]);
    expect(rows.map((r) => r.id)).toEqual(['1', '2', '3', '4']);
  });

  it('fuzz: filtering and sorting equal a plain filter and stable sort; upserts equal a rebuilt list', () => {
    const arbRow = fc.record({
      id: fc.uuid(),
      firstAuthor: fc.option(fc.constantFrom('Adams', 'adams', 'Brown', 'Ödegaard', 'Zhu'), { nil: null }),
      year: fc.option(fc.integer({ min: 1990, max: 2025 }), { nil: null }),
      title: fc.string({ maxLength: 12 }),
      status: fc.constantFrom('not_started', 'in_progress', 'complete') as fc.Arbitrary<StudyRow['status']>,
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(arbRow, { selector: (r) => r.id, maxLength: 30 }),
        fc.string({ maxLength: 3 }),
        fc.option(fc.record({ key: fc.constantFrom('author', 'year', 'title', 'status'), descending: fc.boolean() }), {
          nil: null,
        }),
        (records, filter, sort) => {
          const list = records.map((r) => row(r.id, r.firstAuthor, r.year, r.title, r.status));
          const needle = filter.trim().toLowerCase();
          const expectedFiltered = list.filter(
            (r) =>
              !needle ||
              [r.firstAuthor ?? '', String(r.year ?? ''), r.title, r.label].some((f) =>
                f.toLowerCase().includes(needle),
              ),
          );
          const shown = visibleRows(list, filter, sort as StudySort);
          expect(new Set(shown.map((r) => r.id))).toEqual(new Set(expectedFiltered.map((r) => r.id)));
          expect(shown).toHaveLength(expectedFiltered.length);
          if (sort) {
            const value = (r: StudyRow) =>
              sort.key === 'year'
                ? (r.year ?? -Infinity)
                : sort.key === 'status'
                  ? ['not_started', 'in_progress', 'complete'].indexOf(r.status)
                  : (sort.key === 'author' ? (r.firstAuthor ?? r.label) : r.title).toLowerCase();
            for (let i = 1; i < shown.length; i++) {
              const a = value(shown[i - 1]!);
              const b = value(shown[i]!);
              if (a === b) expect(list.indexOf(shown[i - 1]!)).toBeLessThan(list.indexOf(shown[i]!));
              else expect(a < b).toBe(!sort.descending);
            }
          } else expect(shown).toEqual(expectedFiltered);

          // Upserting every row into an empty list rebuilds an order where each row sorts after the one before.
          const rebuilt = list.reduce<StudyRow[]>((acc, r) => upsertRows(acc, [r.id], [r]), []);
          expect(rebuilt).toHaveLength(list.length);
          for (let i = 1; i < rebuilt.length; i++) {
            const a = (rebuilt[i - 1]!.firstAuthor ?? rebuilt[i - 1]!.label).toLowerCase();
            const b = (rebuilt[i]!.firstAuthor ?? rebuilt[i]!.label).toLowerCase();
            expect(a <= b).toBe(true);
          }
        },
      ),
      { numRuns: fuzzRuns(200) },
    );
  });
});

describe('rows from columns', () => {
  it('gives back every row, in order, with its status named', () => {
    const columns = {
      ids: rows.map((r) => r.id),
      labels: rows.map((r) => r.label),
      firstAuthors: rows.map((r) => r.firstAuthor),
      years: rows.map((r) => r.year),
      titles: rows.map((r) => r.title),
      statuses: rows.map((r) => ['not_started', 'in_progress', 'complete'].indexOf(r.status)),
    };
    expect(rowsFromColumns(columns)).toEqual(rows);
    expect(rowsFromColumns({ ids: [], labels: [], firstAuthors: [], years: [], titles: [], statuses: [] })).toEqual([]);
  });
});
