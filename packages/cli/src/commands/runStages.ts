import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { writeFileAtomic } from '@latentlens/data';
import { StageId } from '../pipeline/stages';
import { LoadedPipeline } from '../pipeline/load';
import { stageDir } from '../pipeline/paths';
import { runPipelineStage } from '../pipeline/runStage';
import { releaseOutputLockOf, writingOutput } from '../pipeline/outputLock';
import { summaryLine, terminalProgress } from '../terminal/progress';

const ROOT = '.';
const BIN = join(__dirname, '..', '..', 'bin', 'latentlens.js');

/**
 * Runs one stage here, in this process: lock its folder, sweep what a killed run left, run it,
 * record `run.json` (timing, deliberately not hashed by Nx) and print the one-line summary.
 */
export async function runStageInProcess(
  pipeline: LoadedPipeline,
  stage: StageId,
  out: (line: string) => void,
): Promise<void> {
  const progress = terminalProgress(`${pipeline.name} ${stage}`);
  const dir = stageDir(ROOT, pipeline.name, stage);
  const what = `stage ${stage} of pipeline ${pipeline.name}`;
  await writingOutput(
    dir,
    what,
    (m) => progress.log(`warning: ${m}`),
    async () => {
      const started = Date.now();
      const outcome = await runPipelineStage(pipeline, stage, ROOT, progress);
      progress.finish();
      const seconds = (Date.now() - started) / 1000;
      writeFileAtomic(
        join(outcome.where, 'run.json'),
        JSON.stringify({ stage, seconds, finishedAt: new Date().toISOString() }, null, 2) + '\n',
      );
      out(summaryLine(`${pipeline.name} ${stage}`, outcome.made, outcome.where, seconds));
    },
  );
}

/**
 * Runs stages one after the other, each in a child process. The work is CPU-bound and synchronous,
 * so only an idle parent can answer Ctrl-C at once: it stops the child (whose writes are atomic,
 * so nothing half-written remains) and exits with 130.
 */
export async function runStages(pipeline: LoadedPipeline, stages: StageId[]): Promise<number> {
  for (const stage of stages) {
    const code = await runChild(pipeline, stage);
    if (code !== 0) return code;
  }
  return 0;
}

function runChild(pipeline: LoadedPipeline, stage: StageId): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'stage', '--in-process', pipeline.file, stage], {
      stdio: 'inherit',
    });
    let interrupted: NodeJS.Signals | undefined;
    const stop = (signal: NodeJS.Signals) => {
      if (interrupted) return;
      interrupted = signal;
      process.stderr.write(
        `\nlatentlens: interrupted during ${pipeline.name} ${stage}; its partial work was discarded (run again to continue)\n`,
      );
      child.kill(signal);
      setTimeout(() => child.kill('SIGKILL'), 1500).unref();
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      // A child stopped by a signal cannot release its lock; its parent knows it is gone.
      if (child.pid !== undefined)
        releaseOutputLockOf(stageDir(ROOT, pipeline.name, stage), child.pid);
      if (interrupted) resolve(interrupted === 'SIGINT' ? 130 : 143);
      else if (signal) resolve(128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGINT' ? 2 : 15));
      else resolve(code ?? 1);
    });
  });
}
