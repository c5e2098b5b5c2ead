import { describeRule, type Field } from '@latentlens/data';
import { METHODS, methodFields, runReduceStage } from '@latentlens/reduce';
import { reductionEntry } from '../pipeline/pipelineSchema';
import { checkFlags, need, numberOpt, runStageCommand } from './args';
import { Command, valueOptions, UsageError } from './command';

const METHOD_IDS = METHODS.map((m) => m.id);

/** One line of --help for a setting, from its declaration: what it takes, its default, its doc. */
function settingLine(name: string, f: Field): string {
  const fallback = f.default === undefined ? '' : `; default ${JSON.stringify(f.default)}`;
  return `    ${name.padEnd(28)}${describeRule(f.rule)}${fallback}${f.doc ? ` (${f.doc})` : ''}`;
}

export const reduceCommand: Command = {
  name: 'reduce',
  summary: 'Project embeddings.arrow to 2-D or 3-D with t-SNE, PCA or UMAP',
  usage: `latentlens reduce --embeddings <embeddings.arrow> --method <${METHOD_IDS.join('|')}> --out <dir> [--param key=value]...`,
  // From the method registry, as the pipeline's `reduce:` entries (the same checks and defaults).
  details: [
    'Methods and the settings each takes (--dims, else --param key=value; in a pipeline, the keys',
    'of its reduce: entry):',
    ...METHODS.flatMap((m) => [
      `  ${m.id} (${m.displayName})`,
      ...Object.entries(methodFields(m)).map(([name, f]) => settingLine(name, f)),
    ]),
  ],
  options: {
    ...valueOptions({
      embeddings: 'input embeddings.arrow',
      method: METHOD_IDS.join(' | '),
      out: 'output folder (projection.arrow)',
      name: 'name recorded in the projection (default: the method)',
      dims: 'output dimensions',
    }),
    param: {
      type: 'string',
      multiple: true,
      description: 'method parameter, e.g. perplexity=30 (repeatable)',
    },
  },
  async run({ values, out }) {
    const method = need(values, 'method');
    const flags: Record<string, unknown> = { method, dims: numberOpt(values, 'dims') };
    for (const kv of (values.param as string[] | undefined) ?? []) {
      const [k, v] = kv.split('=');
      if (!k || v === undefined) throw new UsageError(`--param takes key=value, got "${kv}"`);
      flags[k] = v === 'auto' || Number.isNaN(Number(v)) ? v : Number(v);
    }
    // A method's parameters have the ranges and defaults of a YAML entry under `reduce:`.
    const config = checkFlags(flags, reductionEntry, (key) =>
      key === 'method' || key === 'dims' ? `--${key}` : `--param ${key}`,
    );
    const args = {
      name: (values.name as string) ?? method,
      config,
      embeddingsPath: need(values, 'embeddings'),
      outDir: need(values, 'out'),
    };
    return runStageCommand('reduce', args.outDir, out, (progress) =>
      runReduceStage({ ...args, progress }),
    );
  },
};
