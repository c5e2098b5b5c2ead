import { readFileSync, readdirSync } from 'node:fs';

/** The parent of every live process, from /proc (Linux). */
function parentOf(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (2nd field) may hold spaces or parentheses; the state and PPID follow the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  return parents;
}

/** `root` and all its descendants, parents before children. */
function processTree(root: number): number[] {
  const parents = parentOf();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * SIGKILLs `root` and every descendant, whatever their process group or session. Nx starts each
 * task in a session of its own, so killing the group of `root` alone would leave the stages
 * running. Everything is stopped first, so nothing forks or is re-parented to init while the tree
 * is walked; returns the PIDs killed.
 */
export function killTree(root: number): number[] {
  const stopped = new Set<number>();
  for (;;) {
    const fresh = processTree(root).filter((pid) => !stopped.has(pid));
    if (fresh.length === 0) break;
    for (const pid of fresh) {
      signal(pid, 'SIGSTOP');
      stopped.add(pid);
    }
  }
  for (const pid of stopped) signal(pid, 'SIGKILL');
  return [...stopped];
}

/** True while `pid` exists (a zombie counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
