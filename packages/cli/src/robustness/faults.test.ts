import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { outputLockPath } from '../pipeline/outputLock';
import { stageDir } from '../pipeline/paths';
import { cleanEnv } from '../test-helpers/workspaceCopy';
import { artifactDigests, checkArtifacts, listFiles } from './test-helpers/artifacts';
import { isRunning } from './test-helpers/processTree';
import { smallWorkspace, startCli, startNx } from './test-helpers/smallPipeline';
import { WatchedProcess } from './test-helpers/watchedProcess';

/**
 * Faults a pipeline must survive, with the real `nx` and the built `latentlens` in a copy of the
 * workspace: SIGKILL of every process at chosen moments of each stage, Ctrl-C, two runs of one
 * stage at once, and a disk that takes no more bytes. The tests run in order on one workspace.
 */
const MINUTE = 60_000;

interface Moment {
  stage: string;
  during: string;
  /** A line the stage prints as it enters that part of its work. */
  line: RegExp;
  /** Further wait, to be well inside a long phase. */
  thenMs?: number;
}

const MOMENTS: Moment[] = [
  { stage: 'data', during: 'converting the bundled digits', line: /\[small data\] load bundled/ },
  {
    stage: 'train',
    during: 'mid-epoch, 0.5 s into training',
    line: /\[small train\] train \d+ epochs/,
    thenMs: 500,
  },
  { stage: 'encode', during: 'encoding the images', line: /\[small encode\] encode \d+ images/ },
  {
    stage: 'reduce.tsne',
    during: 't-SNE affinities (PCA, UMAP in parallel)',
    line: /\[small reduce\.tsne\] affinities/,
  },
  {
    stage: 'export',
    during: 'writing the TensorBoard logdir',
    line: /\[small export\] tensorboard logdir/,
  },
  {
    stage: 'export',
    during: 'writing the standalone projector',
    line: /\[small export\] standalone projector/,
  },
];

/** Training long enough (minutes) to be interrupted however fast the machine or backend. */
const SLOW_PIPELINE = `seed: 0
data: { source: bundled, sample: 150 }
train: { epochs: 5000, backend: wasm }
reduce:
  pca: { method: pca }
`;

// Process trees are read from /proc: Linux (CI) only.
const describeOnLinux = process.platform === 'linux' ? describe : describe.skip;

describeOnLinux('faults (nx and latentlens on a small pipeline)', () => {
  let ws: string;
  let artifacts: string;
  let afterKills: Record<string, string>;
  const findings: string[] = [];

  /** The PID holding a stage's lock, if that process is alive: the stage is running right now. */
  const liveOwner = (stage: string, pipeline = 'small'): number | undefined => {
    try {
      const { pid } = JSON.parse(
        readFileSync(outputLockPath(stageDir(ws, pipeline, stage)), 'utf8'),
      );
      return isRunning(pid) ? pid : undefined;
    } catch {
      return undefined;
    }
  };

  async function expectExit(run: WatchedProcess, code: number): Promise<void> {
    const exit = await run.closed;
    if (exit.code !== code)
      throw new Error(
        `expected exit code ${code}, got ${exit.code ?? exit.signal}:\n${run.tail()}`,
      );
  }

  beforeAll(() => {
    ws = smallWorkspace('latentlens-faults-');
    writeFileSync(join(ws, 'pipelines', 'slow.yaml'), SLOW_PIPELINE);
    artifacts = join(ws, 'artifacts');
    const nx = join(ws, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
    const build = spawnSync(
      process.execPath,
      [nx, 'run', '@latentlens/cli:build', '--outputStyle=static'],
      {
        cwd: ws,
        env: cleanEnv(),
        encoding: 'utf8',
        timeout: 10 * MINUTE,
      },
    );
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  }, 11 * MINUTE);

  afterAll(() => {
    console.log(`faults:\n${findings.join('\n')}`);
    rmSync(ws, { recursive: true, force: true });
  });

  it(
    'killed at any moment (SIGKILL of nx and all below it), the next run picks up and finishes',
    async () => {
      let previous: Moment | undefined;
      for (const moment of MOMENTS) {
        const run = startNx(ws);
        const started = Date.now();
        // The line alone could be Nx replaying a cached stage's log: the stage must also be running.
        await run.waitFor(
          `${moment.stage} ${moment.during}`,
          () => moment.line.test(run.output) && liveOwner(moment.stage) !== undefined,
          10 * MINUTE,
        );
        if (moment.thenMs) await delay(moment.thenMs);
        const at = Date.now() - started;
        const killed = run.killTree();
        await run.closed;

        const report = checkArtifacts(artifacts);
        expect(report.problems).toEqual([]);
        // The kill landed inside the stage: its owner died holding the lock.
        expect(report.locks).toContain(
          relative(artifacts, outputLockPath(stageDir(ws, 'small', moment.stage))),
        );
        if (previous)
          expect(run.output).toContain(
            `removing a stale lock of ${stageDir('.', 'small', previous.stage)}`,
          );
        findings.push(
          `  killed ${killed} processes ${at} ms into the run, ${moment.stage} ${moment.during}: ` +
            `${JSON.stringify(report.checked)} whole, locks left ${report.locks.length}, temporaries left ${report.temporaries.length}`,
        );
        previous = moment;
      }

      const last = startNx(ws);
      await expectExit(last, 0);
      expect(last.output).toContain(
        `removing a stale lock of ${stageDir('.', 'small', previous!.stage)}`,
      );
      const report = checkArtifacts(artifacts);
      expect(report).toMatchObject({ problems: [], locks: [], temporaries: [] });
      afterKills = artifactDigests(artifacts);
      findings.push(
        `  the run after the last kill finished: ${JSON.stringify(report.checked)} whole, no lock or temporary left`,
      );
    },
    20 * MINUTE,
  );

  it(
    'what it leaves is byte for byte what an uninterrupted run makes',
    async () => {
      expect(afterKills).toBeDefined();
      rmSync(artifacts, { recursive: true });
      const run = startCli(ws, ['run', 'pipelines/small.yaml']);
      await expectExit(run, 0);
      const uninterrupted = artifactDigests(artifacts);
      expect(Object.keys(uninterrupted)).toEqual(
        expect.arrayContaining([
          'small/train/history.arrow',
          'small/reduce/tsne/projection.arrow',
          'small/export/projector/sprite.png',
        ]),
      );
      expect(afterKills).toEqual(uninterrupted);
      findings.push(
        `  ${Object.keys(uninterrupted).length} files identical to an uninterrupted \`latentlens run\``,
      );
    },
    10 * MINUTE,
  );

  it.each([
    ['Ctrl-C (SIGINT to the process group)', true],
    ['SIGINT to latentlens alone', false],
  ])(
    '%s stops `latentlens run` within 2 s, says so, exits 130 and leaves nothing partial',
    async (what, group) => {
      const run = startCli(ws, ['run', 'pipelines/slow.yaml']);
      await run.waitFor(
        'training',
        () =>
          /\[slow train\] train \d+ epochs/.test(run.output) &&
          liveOwner('train', 'slow') !== undefined,
        5 * MINUTE,
      );
      const sent = Date.now();
      process.kill(group ? -run.pid : run.pid, 'SIGINT');
      const exit = await run.closed;
      const ms = exit.at - sent;

      expect({ code: exit.code, withinTwoSeconds: ms <= 2000 }).toEqual({
        code: 130,
        withinTwoSeconds: true,
      });
      expect(run.output).toMatch(
        /latentlens: interrupted during slow train; its partial work was discarded \(run again to continue\)/,
      );
      // The parent removed the lock of the child it stopped: the next run starts without a warning.
      expect(checkArtifacts(artifacts)).toMatchObject({ problems: [], locks: [], temporaries: [] });
      findings.push(`  ${what}: exit 130 after ${ms} ms; no lock, temporary or partial file left`);
    },
    6 * MINUTE,
  );

  it(
    'a second run of a running stage fails fast naming the owner; the first finishes alone',
    async () => {
      const first = startCli(ws, ['stage', 'pipelines/small.yaml', 'train']);
      let owner: number | undefined;
      // Frozen as soon as it holds the lock, the first run holds it for as long as the test needs.
      await first.waitFor(
        'the train lock',
        () => {
          owner = liveOwner('train');
          if (owner !== undefined) process.kill(owner, 'SIGSTOP');
          return owner !== undefined;
        },
        5 * MINUTE,
      );
      const started = Date.now();
      let exit;
      try {
        const second = startCli(ws, ['stage', 'pipelines/small.yaml', 'train']);
        exit = await second.closed;
        expect(exit.code).toBe(1);
        expect(second.output).toMatch(
          new RegExp(
            `artifacts/small/train is being written by stage train of pipeline small \\(PID ${owner}, since [^)]+\\); wait for it to finish or stop it, then retry`,
          ),
        );
      } finally {
        process.kill(owner!, 'SIGCONT');
      }
      await expectExit(first, 0);
      const report = checkArtifacts(artifacts);
      expect(report).toMatchObject({ problems: [], locks: [], temporaries: [] });
      expect(artifactDigests(join(artifacts, 'small', 'train'))).toEqual(
        Object.fromEntries(
          Object.entries(afterKills)
            .filter(([file]) => file.startsWith('small/train/'))
            .map(([file, digest]) => [file.slice('small/train/'.length), digest]),
        ),
      );
      findings.push(
        `  second run of train refused ${exit.at - started} ms after its start, naming PID ${owner}; the first then finished with the usual bytes`,
      );
    },
    6 * MINUTE,
  );

  it(
    'a lock whose process is gone is taken over',
    async () => {
      const dead = spawnSync(process.execPath, ['-e', '']).pid;
      // The .locks folder goes when its last lock does: a killed run's is made as it would be.
      mkdirSync(dirname(outputLockPath(stageDir(ws, 'small', 'encode'))), { recursive: true });
      writeFileSync(
        outputLockPath(stageDir(ws, 'small', 'encode')),
        JSON.stringify({ pid: dead, startedAt: new Date().toISOString() }),
      );
      const run = startCli(ws, ['stage', 'pipelines/small.yaml', 'encode']);
      await expectExit(run, 0);
      expect(run.output).toContain(
        `removing a stale lock of ${stageDir('.', 'small', 'encode')} left by PID ${dead}`,
      );
      expect(checkArtifacts(artifacts)).toMatchObject({ problems: [], locks: [] });
    },
    5 * MINUTE,
  );

  it.each([
    // 100 KiB: the 10,000 bundled digits (7.8 MB) cannot be written.
    [
      'data',
      100,
      (out: string) => ['data', '--source', 'bundled', '--out', out],
      /cannot write \S+\/dataset\.arrow: file too large \(EFBIG\)/,
    ],
    // 1,000 KiB: small files fit, the model's weights (1.7 MB) and training state do not.
    [
      'train',
      1000,
      (out: string) => [
        'train',
        '--dataset',
        'artifacts/small/data/dataset.arrow',
        '--epochs',
        '1',
        '--backend',
        'wasm',
        '--out',
        out,
      ],
      /cannot write \S+: file too large \(EFBIG\)/,
    ],
  ])(
    '%s under `ulimit -f %i` fails with one clear line and leaves no partial file',
    async (stage, kib, args, message) => {
      const out = mkdtempSync(join(tmpdir(), 'latentlens-full-'));
      try {
        const bin = join(ws, 'packages', 'cli', 'bin', 'latentlens.js');
        const command = [process.execPath, bin, ...(args as (o: string) => string[])(out)]
          .map((a) => `'${a}'`)
          .join(' ');
        const run = new WatchedProcess('bash', ['-c', `ulimit -f ${kib}; exec ${command}`], {
          cwd: ws,
          env: cleanEnv(),
        });
        await expectExit(run, 1);
        const lines = run.output.trim().split('\n');
        const errors = lines.filter((l) => l.startsWith(`latentlens ${stage}:`));
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(message as RegExp);
        expect(run.output).not.toMatch(/^\s+at /m);
        // Files completed before the limit was hit may stay; none may be partial or half-swapped.
        const report = checkArtifacts(out);
        expect(report).toMatchObject({ problems: [], temporaries: [] });
        if (stage === 'data') expect(listFiles(out)).toEqual([]);
        findings.push(
          `  ${stage} under ulimit -f ${kib}: exit 1, "${errors[0]}"; left ${JSON.stringify(listFiles(out))}`,
        );
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    5 * MINUTE,
  );
});
