// children breakdown (inclusive) under frames matching regex
import { readFileSync } from "node:fs";
const p = JSON.parse(readFileSync(process.argv[2], "utf8"));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const incl = new Map();
for (const [id, t] of self) { let cur = id; while (cur !== undefined) { incl.set(cur, (incl.get(cur) ?? 0) + t); cur = parent.get(cur); } }
const name = (id) => { const cf = byId.get(id).callFrame; return `${cf.functionName || "(anon)"}:${cf.lineNumber}`; };
const re = new RegExp(process.argv[3]); const agg = new Map();
for (const n of p.nodes) { if (!re.test(name(n.id))) continue; agg.set("(self)", (agg.get("(self)") ?? 0) + (self.get(n.id) ?? 0)); for (const c of n.children ?? []) agg.set(name(c), (agg.get(name(c)) ?? 0) + (incl.get(c) ?? 0)); }
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log((v / 1000).toFixed(1).padStart(8), k);
