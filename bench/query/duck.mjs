// Runs SQL statements in one in-memory DuckDB. Input (stdin): a JSON array of SQL
// strings. Output (stdout): a JSON array with, for each statement, {"rows": [[...], ...],
// "ms": N} (rows as arrays of values, BIGINTs and HUGEINTs as strings) or {"error": "..."}.
import { DuckDBInstance } from '@duckdb/node-api';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const out = [];
for (const sql of JSON.parse(input)) {
  const t0 = process.hrtime.bigint();
  try {
    const r = await con.runAndReadAll(sql);
    out.push({ rows: r.getRowsJS(), ms: Number(process.hrtime.bigint() - t0) / 1e6 });
  } catch (e) {
    out.push({ error: String(e && e.message ? e.message : e) });
  }
}
console.log(JSON.stringify(out, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
