import { Progress } from '../io/progress';

/** A Progress that keeps everything it is told, for assertions. */
export function recordingProgress(): Progress & {
  phases: string[];
  updates: [number, string?][];
  logs: string[];
} {
  const phases: string[] = [];
  const updates: [number, string?][] = [];
  const logs: string[] = [];
  return {
    phases,
    updates,
    logs,
    phase: (name) => void phases.push(name),
    update: (done, status) => void updates.push([done, status]),
    log: (message) => void logs.push(message),
  };
}
