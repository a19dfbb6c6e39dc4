// callers (parent chains) of functions matching regex, aggregated by parent path of depth D
import { readFileSync } from "node:fs";
const p = JSON.parse(readFileSync(process.argv[2], "utf8"));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const re = new RegExp(process.argv[3]); const D = Number(process.env.D ?? 4);
const name = (id) => { const cf = byId.get(id).callFrame; return `${cf.functionName || "(anon)"}:${cf.lineNumber}`; };
// inclusive per node
const incl = new Map();
for (const [id, t] of self) { let cur = id; while (cur !== undefined) { incl.set(cur, (incl.get(cur) ?? 0) + t); cur = parent.get(cur); } }
const agg = new Map();
for (const n of p.nodes) { if (!re.test(name(n.id))) continue; let pp = parent.get(n.id); if (pp !== undefined && re.test(name(pp))) continue; const chain = []; let cur = pp; for (let d = 0; d < D && cur !== undefined; d++) { chain.push(name(cur)); cur = parent.get(cur); } const k = chain.join(" < "); agg.set(k, (agg.get(k) ?? 0) + (incl.get(n.id) ?? 0)); }
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / 1000).toFixed(1).padStart(8), k);
