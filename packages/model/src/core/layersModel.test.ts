import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from './backend';
import { centeredBatch } from './centering';
import { defaultAutoencoderConfig, type AutoencoderConfig } from './config';
import {
  fromLayersModelArtifacts,
  toLayersModelArtifacts,
  type LayersModelArtifacts,
} from './layersModel';
import { parameterLayout } from './layout';
import { forwardColumns } from './network';
import type { AutoencoderModel } from './state';
import { mnistDigits } from './test-helpers/mnistDigits';
import { disposeNetwork, uploadNetwork } from './tensors';
import { trainAutoencoder } from './train';

const { pixels, n } = mnistDigits(100);

async function trained(config: Partial<AutoencoderConfig>): Promise<AutoencoderModel> {
  const full = { ...defaultAutoencoderConfig, epochs: 1, ...config };
  return (await trainAutoencoder(pixels, n, full)).state;
}

/** Loads model.json the way `tf.loadLayersModel('file://…')` does, from memory. */
async function loadWithTfjs({
  modelJson,
  weightData,
}: LayersModelArtifacts): Promise<tfl.LayersModel> {
  const artifacts = await tf.io.getModelArtifactsForJSON(
    modelJson as unknown as tf.io.ModelJSON,
    async (manifest) => {
      expect(manifest).toEqual(modelJson.weightsManifest);
      return [manifest[0].weights, weightData];
    },
  );
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts));
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('toLayersModelArtifacts', () => {
  test.each([true, false])(
    'tfjs-layers loads it and predicts what our forward pass computes (tied %s)',
    async (tiedWeights) => {
      const model = await trained({ tiedWeights });
      const artifacts = toLayersModelArtifacts(model);
      const loaded = await loadWithTfjs(artifacts);
      expect(loaded.layers.map((l) => l.name)).toEqual([
        'encoder_1',
        'encoder_2',
        'decoder_1',
        'decoder_2',
      ]);

      const x = tf.tensor2d(centeredBatch(pixels, null, 0, 20, model.mean, 'rows'), [20, 784]);
      const predicted = loaded.predict(x) as tf.Tensor;
      const layout = parameterLayout(model.config.dims, tiedWeights);
      const net = uploadNetwork(model.params, layout);
      const ours = tf.transpose(
        forwardColumns(net, layout, model.config.activation, tf.transpose(x)).pop()!,
      );
      expect(tf.max(tf.abs(tf.sub(predicted, ours))).dataSync()[0]).toBeLessThan(1e-5);
      tf.dispose([x, predicted, ours]);
      disposeNetwork(net);
      loaded.dispose();
    },
  );

  test("is exactly what tfjs-layers' own model.save() writes", async () => {
    const artifacts = toLayersModelArtifacts(await trained({}));
    const loaded = await loadWithTfjs(artifacts);
    const saved = await new Promise<tf.io.ModelArtifacts>((resolve) =>
      loaded.save(
        tf.io.withSaveHandler(async (a) => {
          resolve(a);
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      ),
    );
    // The fields tfjs's file:// handler copies into model.json, with the manifest it builds.
    const json = {
      modelTopology: saved.modelTopology,
      format: saved.format,
      generatedBy: saved.generatedBy,
      convertedBy: saved.convertedBy,
      weightsManifest: [{ paths: ['weights.bin'], weights: saved.weightSpecs }],
      userDefinedMetadata: saved.userDefinedMetadata,
    };
    expect(JSON.parse(JSON.stringify(json))).toEqual(
      JSON.parse(JSON.stringify(artifacts.modelJson)),
    );
    const savedBytes = Buffer.from(saved.weightData as ArrayBuffer);
    expect(savedBytes.equals(Buffer.from(artifacts.weightData))).toBe(true);
    loaded.dispose();
  });
});

describe('fromLayersModelArtifacts', () => {
  test.each([true, false])(
    'gives back the same parameters and config (tied %s)',
    async (tiedWeights) => {
      const model = await trained({ tiedWeights, activation: 'sigmoid', dims: [784, 20, 10, 4] });
      const { modelJson, weightData } = toLayersModelArtifacts(model);
      const back = fromLayersModelArtifacts(
        JSON.parse(JSON.stringify(modelJson)),
        weightData,
        model.mean,
      );
      expect(back.config).toEqual(model.config);
      expect(back.params.map((p) => [p.name, p.shape])).toEqual(
        model.params.map((p) => [p.name, p.shape]),
      );
      back.params.forEach((p, i) =>
        expect(
          Buffer.from(p.values.buffer).equals(Buffer.from(model.params[i].values.buffer)),
        ).toBe(true),
      );
    },
  );

  test('without latentlens metadata it detects tied kernels and the architecture', async () => {
    const model = await trained({});
    const { modelJson, weightData } = toLayersModelArtifacts(model);
    const bare = { ...modelJson, userDefinedMetadata: undefined };
    const back = fromLayersModelArtifacts(bare, weightData, model.mean);
    expect(back.config).toEqual({
      ...defaultAutoencoderConfig,
      dims: [784, 256, 64],
      tiedWeights: true,
      center: 'mean',
    });
    expect(() => fromLayersModelArtifacts(bare, weightData.slice(4), model.mean)).toThrow(
      /shorter/,
    );
    expect(() =>
      fromLayersModelArtifacts({ format: 'graph-model' }, weightData, model.mean),
    ).toThrow(/layers-model/);
  });
});
