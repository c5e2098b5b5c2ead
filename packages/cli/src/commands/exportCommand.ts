import { runExportStage } from '@latentlens/export';
import { exportSection } from '../pipeline/pipelineSchema';
import { methodNames } from '../pipeline/stages';
import { checkFlags, need, runStageCommand } from './args';
import { Command, valueOptions, UsageError } from './command';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write TensorBoard and standalone projector files from the artifacts',
  usage:
    'latentlens export --dataset <dataset.arrow> --embeddings <embeddings.arrow> --neighbors <neighbors.arrow> --projection <name>=<projection.arrow>... --out <dir>',
  options: {
    ...valueOptions({
      dataset: 'dataset.arrow (thumbnails and class names)',
      embeddings: 'embeddings.arrow',
      out: 'output folder',
      history: 'history.arrow of the training (loss curve)',
      reconstructions: 'reconstructions.arrow of encode (reconstruction grid)',
      neighbors: "neighbors.arrow of the neighbours stage (the viewer's neighbours)",
      'projector-base-url':
        'where projector/ will be served (default http://localhost:8080/; "" for bare names)',
    }),
    projection: {
      type: 'string',
      multiple: true,
      description: 'name=path of a projection.arrow (repeatable)',
    },
    'invert-sprite': { type: 'boolean', description: 'dark digits on white thumbnails' },
    'raw-pixels': {
      type: 'boolean',
      description: 'also export the raw pixels as a second embedding',
    },
    'no-figures': {
      type: 'boolean',
      description: 'skip figures/ (scatter plots, loss curve, reconstructions)',
    },
  },
  async run({ values, out }) {
    const projections = ((values.projection as string[] | undefined) ?? []).map((kv) => {
      const at = kv.indexOf('=');
      if (at < 1) throw new UsageError(`--projection takes name=path, got "${kv}"`);
      return { name: kv.slice(0, at), path: kv.slice(at + 1) };
    });
    const flags = {
      invertSprite: Boolean(values['invert-sprite']),
      rawPixels: Boolean(values['raw-pixels']),
      figures: !values['no-figures'],
      projectorBaseUrl: values['projector-base-url'],
    };
    const args = {
      config: checkFlags(flags, exportSection),
      historyPath: values.history as string | undefined,
      reconstructionsPath: values.reconstructions as string | undefined,
      datasetPath: need(values, 'dataset'),
      embeddingsPath: need(values, 'embeddings'),
      neighborsPath: need(values, 'neighbors'),
      projections,
      methods: await methodNames(),
      outDir: need(values, 'out'),
    };
    return runStageCommand('export', args.outDir, out, (progress) =>
      runExportStage({ ...args, progress }),
    );
  },
};
