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
import { encodeImages } from './encode';
import type { AutoencoderModel } from './state';
import { mnistDigits } from './test-helpers/mnistDigits';
import { trainAutoencoder } from './train';

const { pixels, n } = mnistDigits(100);

async function trained(config: Partial<AutoencoderConfig>): Promise<AutoencoderModel> {
  const full = { ...defaultAutoencoderConfig, epochs: 1, workers: 1, ...config };
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

/** tfjs-layers' reconstructions give the reconstruction errors our encoder reports. */
async function expectSamePredictions(
  model: AutoencoderModel,
  loaded: tfl.LayersModel,
): Promise<void> {
  const count = 20;
  const x = tf.tensor2d(centeredBatch(pixels, null, 0, count, model.mean, 'rows'), [count, 784]);
  const predicted = loaded.predict(x) as tf.Tensor;
  const theirs = await tf.sum(tf.square(tf.sub(predicted, x)), 1).data();
  const ours = (await encodeImages(model, pixels, count)).reconstructionError;
  ours.forEach((e, i) => expect(Math.abs(e - theirs[i])).toBeLessThan(1e-4 * Math.max(1, e)));
  tf.dispose([x, predicted]);
  loaded.dispose();
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

      await expectSamePredictions(model, loaded);
    },
  );

  test('a conv model loads in tfjs-layers and predicts what our forward pass computes', async () => {
    const model = await trained({
      kind: 'conv',
      dims: [784, 16],
      filters: [4, 8],
      tiedWeights: true,
    });
    const artifacts = toLayersModelArtifacts(model);
    const loaded = await loadWithTfjs(artifacts);
    expect(loaded.layers.map((l) => l.getClassName())).toEqual([
      'Reshape',
      'Conv2D',
      'Conv2D',
      'Flatten',
      'Dense',
      'Dense',
      'Reshape',
      'Conv2DTranspose',
      'Conv2DTranspose',
      'Reshape',
    ]);
    await expectSamePredictions(model, loaded);
    expect(() =>
      fromLayersModelArtifacts(artifacts.modelJson, artifacts.weightData, model.mean),
    ).toThrow(/Only dense/);
  });

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
