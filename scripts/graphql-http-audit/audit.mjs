// Runs graphql-http's serverAudits against a running mall server and prints one line per audit,
// a summary table and, last, one JSON object. Usage: node audit.mjs [URL] (default
// http://127.0.0.1:8000/graphql). Exit code 1 when a MUST audit fails.
import { serverAudits } from 'graphql-http';

const url = process.argv[2] ?? process.env.MALL_GRAPHQL_URL ?? 'http://127.0.0.1:8000/graphql';
const audits = serverAudits({ url, fetchFn: fetch });
const results = [];
for (const audit of audits) {
  const result = await audit.fn();
  results.push(result);
  const mark = result.status === 'ok' ? 'ok  ' : result.status.padEnd(4);
  console.log(`${mark} ${result.name}${result.status === 'ok' ? '' : `\n       ${result.reason}`}`);
}
const summary = {};
for (const level of ['MUST', 'SHOULD', 'MAY']) {
  const ofLevel = results.filter((r) => r.name.startsWith(level));
  summary[level] = { passed: ofLevel.filter((r) => r.status === 'ok').length, total: ofLevel.length };
}
console.log('\nlevel   passed/total');
for (const [level, { passed, total }] of Object.entries(summary)) {
  console.log(`${level.padEnd(7)} ${passed}/${total}`);
}
console.log(JSON.stringify({ url, ...summary }));
process.exit(summary.MUST.passed === summary.MUST.total ? 0 : 1);
