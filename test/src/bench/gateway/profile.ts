import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by package and the
 * functions that take the most self time, so the benchmark can say what limits the gateway.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function packageOf(url: string): string {
  if (!url) return '(native/gc/idle)';
  if (url.startsWith('node:')) return 'node (core)';
  const at = url.lastIndexOf('node_modules/');
  if (at >= 0) {
    const rest = url.slice(at + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const repo = /\/(gateway|shared|infra|subgraphs\/\w+)\/src\//.exec(url);
  return repo ? `edugraph ${repo[1]}` : url;
}

export function summariseProfile(dir: string, top = 15) {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return { error: `no .cpuprofile in ${dir}` };
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
  };
  const total = profile.samples.length || 1;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    const pkg = packageOf(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
    const key = `${functionName || '(anonymous)'} ${pkg}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  }
  const idle = profile.nodes
    .filter((n) => n.callFrame.functionName === '(idle)')
    .reduce((s, n) => s + (n.hitCount ?? 0), 0);
  // Shares of the time the process was busy (idle samples left out).
  const busy = Math.max(1, total - idle);
  const pct = (n: number) => Math.round((1000 * n) / busy) / 10;
  const sorted = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, selfPct: pct(hits) }));
  return {
    idlePct: Math.round((1000 * idle) / total) / 10,
    packages: sorted(byPackage),
    functions: sorted(byFunction),
  };
}
