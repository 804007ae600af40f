// The national dashboard's status counts recomputed by DuckDB from CSV, as an independent
// check of Careguard's counters and as a timing baseline (bench/oversight.sh runs it).
//
//   node aggregates.mjs ORGANISATIONS_CSV ORG_STATUS_CSV CAREGUARD_FIGURES_CSV [RUNS]
//
// ORGANISATIONS_CSV: id,type,region_id,ics_id,staff_count (header line; exported from the
// SQLite dataset with `sqlite3 -csv -header`), ORG_STATUS_CSV: org_id,edition,status.
// CAREGUARD_FIGURES_CSV: `oversight_latency --figures` (edition,dimension,value,status,count).
// Loads both CSVs into an in-memory DuckDB (untimed), runs the aggregate query once untimed
// and then RUNS times (default 10) timed, and prints
//   DUCKDB_MEDIAN_MS <ms>   DUCKDB_P99_MS <ms>   DUCKDB_LOAD_MS <ms>   DUCKDB_FIGURES <n>
//   CHECK equal | CHECK MISMATCH <n>   (and the first differences, loudly, on stderr)
// Exits 3 on a mismatch.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [orgsCsv, statusCsv, figuresCsv, runsArg] = process.argv.slice(2);
if (!figuresCsv) {
  console.error('usage: node aggregates.mjs ORGANISATIONS_CSV ORG_STATUS_CSV CAREGUARD_FIGURES_CSV [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg || 10);

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await instance.connect();
const q = (s) => s.replaceAll("'", "''");

let t = performance.now();
await conn.run(`CREATE TABLE organisations AS SELECT * FROM read_csv('${q(orgsCsv)}', header = true,
  columns = {'id': 'BIGINT', 'type': 'VARCHAR', 'region_id': 'BIGINT', 'ics_id': 'BIGINT', 'staff_count': 'BIGINT'})`);
await conn.run(`CREATE TABLE org_status AS SELECT * FROM read_csv('${q(statusCsv)}', header = true,
  columns = {'org_id': 'BIGINT', 'edition': 'VARCHAR', 'status': 'VARCHAR'})`);
const loadMs = performance.now() - t;

// Counted organisations: all but the national team, regions, ICSs and support organisations
// (oversight::counted). Each is counted under dimension all (value ''), its type, its region,
// its ICS (when it has one) and its size band; Not Published = total - those with a status.
const sql = `
WITH o AS (
  SELECT id, type, CAST(region_id AS VARCHAR) AS region, CAST(ics_id AS VARCHAR) AS ics,
         CASE WHEN staff_count < 10 THEN 'micro' WHEN staff_count < 50 THEN 'small'
              WHEN staff_count < 250 THEN 'medium' ELSE 'large' END AS size
  FROM organisations WHERE type NOT IN ('national', 'region', 'ics', 'support_org')),
d AS (
  SELECT id, 'all' AS dimension, '' AS value FROM o
  UNION ALL SELECT id, 'type', type FROM o
  UNION ALL SELECT id, 'region', region FROM o WHERE region IS NOT NULL
  UNION ALL SELECT id, 'ics', ics FROM o WHERE ics IS NOT NULL
  UNION ALL SELECT id, 'size', size FROM o),
s AS (SELECT s.* FROM org_status s JOIN o ON o.id = s.org_id),
e AS (SELECT DISTINCT edition FROM s)
SELECT e.edition, d.dimension, d.value,
       count(*) AS total,
       count(*) - count(s.status) AS not_published,
       count(*) FILTER (WHERE s.status = 'not_met') AS not_met,
       count(*) FILTER (WHERE s.status = 'approaching') AS approaching,
       count(*) FILTER (WHERE s.status = 'met') AS met,
       count(*) FILTER (WHERE s.status = 'exceeded') AS exceeded
FROM e CROSS JOIN d LEFT JOIN s ON s.org_id = d.id AND s.edition = e.edition
GROUP BY ALL`;

let rows = (await conn.runAndReadAll(sql)).getRows();  // warm-up
const ms = [];
for (let i = 0; i < runs; i++) {
  t = performance.now();
  rows = (await conn.runAndReadAll(sql)).getRows();
  ms.push(performance.now() - t);
}
ms.sort((a, b) => a - b);
const median = ms.length % 2 ? ms[(ms.length - 1) / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
const p99 = ms[Math.min(ms.length, Math.ceil(0.99 * ms.length)) - 1];

const statuses = ['total', 'not_published', 'not_met', 'approaching', 'met', 'exceeded'];
const duck = new Map();
for (const r of rows)
  statuses.forEach((st, i) => duck.set([r[0], r[1], r[2], st].join(','), Number(r[3 + i])));
const careguard = new Map();
for (const line of readFileSync(figuresCsv, 'utf8').trim().split('\n').slice(1)) {
  const parts = line.split(',');
  careguard.set(parts.slice(0, 4).join(','), Number(parts[4]));
}
const diffs = [];
for (const [k, v] of duck) if (careguard.get(k) !== v) diffs.push(`${k}: duckdb ${v}, careguard ${careguard.get(k)}`);
for (const [k, v] of careguard) if (!duck.has(k)) diffs.push(`${k}: duckdb (none), careguard ${v}`);

console.log(`DUCKDB_LOAD_MS ${loadMs.toFixed(1)}`);
console.log(`DUCKDB_MEDIAN_MS ${median.toFixed(3)}`);
console.log(`DUCKDB_P99_MS ${p99.toFixed(3)}`);
console.log(`DUCKDB_FIGURES ${duck.size}`);
if (diffs.length) {
  console.log(`CHECK MISMATCH ${diffs.length}`);
  console.error(`!!!!! DuckDB and Careguard DISAGREE on ${diffs.length} national figures; first ones:`);
  for (const d of diffs.slice(0, 20)) console.error(`!!!!!   ${d}`);
  process.exit(3);
}
console.log(`CHECK equal (${careguard.size} figures)`);
