import { version_layers } from '@tensorflow/tfjs-layers';
import {
  defaultAutoencoderConfig,
  validateAutoencoderConfig,
  type Activation,
  type AutoencoderConfig,
} from './config';
import { convLayersModel, transpose } from './convLayersModel';
import { flatten } from './flatten';
import { parameterLayout, parameterSize, type ParameterLayout } from './layout';
import type { AutoencoderModel, NamedArray } from './state';

/** The weights file name model.json refers to, as tfjs's `file://` save handler writes it. */
export const weightsFileName = 'weights.bin';

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** model.json as tfjs-layers' `model.save()` writes it for a Sequential model. */
export interface LayersModelJson {
  modelTopology: {
    class_name: 'Sequential';
    config: { name: string; layers: { class_name: string; config: Record<string, unknown> }[] };
    keras_version?: string;
    backend?: string;
  };
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  userDefinedMetadata?: { latentlens?: { config?: AutoencoderConfig } };
}

export interface LayersModelArtifacts {
  modelJson: LayersModelJson;
  weightData: ArrayBuffer;
}

interface DenseWeights {
  name: string;
  inputSize: number;
  outputSize: number;
  kernel: Float32Array;
  bias: Float32Array;
}

/**
 * The autoencoder as a standard tfjs-layers Sequential model (tied kernels written out, transposed
 * where needed), loadable with `tf.loadLayersModel('file://…/model.json')`. The mean image is not
 * part of a Layers model; whoever saves these files must keep it alongside. The training config
 * travels in `userDefinedMetadata.latentlens.config`. A conv model needs a ready tfjs backend
 * (tfjs-layers builds it to describe it).
 */
export function toLayersModelArtifacts(model: AutoencoderModel): LayersModelArtifacts {
  return model.config.kind === 'conv' ? convArtifacts(model) : denseArtifacts(model);
}

function convArtifacts(model: AutoencoderModel): LayersModelArtifacts {
  const { topology, weights } = convLayersModel(model);
  return artifacts(
    topology as LayersModelJson['modelTopology'],
    weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' as const })),
    weights.map((w) => w.values),
    model,
  );
}

function artifacts(
  modelTopology: LayersModelJson['modelTopology'],
  weights: WeightSpec[],
  values: Float32Array[],
  model: AutoencoderModel,
): LayersModelArtifacts {
  const floats = flatten(values);
  return {
    modelJson: {
      modelTopology,
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${version_layers}`,
      convertedBy: null,
      weightsManifest: [{ paths: [weightsFileName], weights }],
      userDefinedMetadata: { latentlens: { config: model.config } },
    },
    // flatten allocates a plain ArrayBuffer when not given `into`.
    weightData: floats.buffer as ArrayBuffer,
  };
}

function denseArtifacts(model: AutoencoderModel): LayersModelArtifacts {
  const layout = parameterLayout(model.config.dims, model.config.tiedWeights);
  const dense = denseWeights(model.params, layout);
  const layers = dense.map((d, i) => ({
    class_name: 'Dense',
    config: {
      units: d.outputSize,
      activation: model.config.activation,
      use_bias: true,
      kernel_initializer: {
        class_name: 'VarianceScaling',
        config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null },
      },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      name: d.name,
      trainable: true,
      ...(i === 0 ? { batch_input_shape: [null, d.inputSize], dtype: 'float32' } : {}),
    },
  }));
  const weights: WeightSpec[] = dense.flatMap((d) => [
    { name: `${d.name}/kernel`, shape: [d.inputSize, d.outputSize], dtype: 'float32' as const },
    { name: `${d.name}/bias`, shape: [d.outputSize], dtype: 'float32' as const },
  ]);
  return artifacts(
    {
      class_name: 'Sequential',
      config: { name: 'autoencoder', layers },
      keras_version: `tfjs-layers ${version_layers}`,
      backend: 'tensor_flow.js',
    },
    weights,
    dense.flatMap((d) => [d.kernel, d.bias]),
    model,
  );
}

/** Each dense layer's own kernel, materialising the transpose a tied decoder layer reads. */
function denseWeights(params: readonly NamedArray[], layout: ParameterLayout): DenseWeights[] {
  return layout.layers.map((layer) => {
    const kernel = params[layer.kernel].values;
    return {
      name: layer.name,
      inputSize: layer.inputSize,
      outputSize: layer.outputSize,
      kernel: layer.transposed ? transpose(kernel, layer.outputSize, layer.inputSize) : kernel,
      bias: params[layer.bias].values,
    };
  });
}

function equalArrays(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/**
 * Reads back a model written by `toLayersModelArtifacts` (or any tfjs Sequential of an even number
 * of Dense layers with one activation and mirrored widths). `weightData` is the concatenation of the
 * manifest's weight files. Kernels come out tied when the decoder's are exactly the encoder's
 * transposes. Without latentlens metadata, the training-only settings take their defaults.
 */
export function fromLayersModelArtifacts(
  modelJson: unknown,
  weightData: ArrayBuffer,
  mean: Float32Array,
): AutoencoderModel {
  const json = modelJson as LayersModelJson;
  if (json?.userDefinedMetadata?.latentlens?.config?.kind === 'conv')
    throw new Error('Only dense models can be read back from model.json; use state.bin');
  const layers = json?.modelTopology?.config?.layers;
  if (json?.format !== 'layers-model' || !Array.isArray(layers))
    throw new Error('Not a tfjs layers-model model.json');
  const dense = readDenseLayers(json, weightData);
  const depth = dense.length / 2;
  if (dense.length === 0 || !Number.isInteger(depth))
    throw new Error('Expected an even number of Dense layers');
  const dims = [dense[0].inputSize, ...dense.slice(0, depth).map((d) => d.outputSize)];
  dense.slice(depth).forEach((d, j) => {
    if (d.inputSize !== dims[depth - j] || d.outputSize !== dims[depth - j - 1]) {
      throw new Error(`Layer ${d.name} does not mirror the encoder`);
    }
  });
  const activations = new Set(layers.map((l) => l.config.activation as string));
  if (activations.size !== 1) throw new Error('Expected one activation for every layer');
  const activation = [...activations][0] as Activation;
  const tied = dense
    .slice(depth)
    .every((d, j) =>
      equalArrays(d.kernel, transpose(dense[depth - 1 - j].kernel, d.outputSize, d.inputSize)),
    );

  const saved = json.userDefinedMetadata?.latentlens?.config;
  const config: AutoencoderConfig = {
    ...defaultAutoencoderConfig,
    ...saved,
    dims,
    activation,
    tiedWeights: saved?.tiedWeights ?? tied,
    center: saved?.center ?? (mean.every((m) => m === 0) ? 'none' : 'mean'),
  };
  validateAutoencoderConfig(config);
  if (config.tiedWeights && !tied)
    throw new Error('The metadata says tied weights but the decoder kernels differ');
  if (mean.length !== dims[0])
    throw new Error(`The mean has ${mean.length} values, expected ${dims[0]}`);

  const layout = parameterLayout(dims, config.tiedWeights);
  const params: NamedArray[] = layout.params.map((spec) => ({
    name: spec.name,
    shape: [...spec.shape],
    values: new Float32Array(0),
  }));
  layout.layers.forEach((layer, i) => {
    if (!layer.transposed) params[layer.kernel].values = dense[i].kernel;
    params[layer.bias].values = dense[i].bias;
  });
  return { config, params, mean };
}

function readDenseLayers(json: LayersModelJson, weightData: ArrayBuffer): DenseWeights[] {
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  const layers = json.modelTopology.config.layers;
  if (specs.length !== 2 * layers.length)
    throw new Error('Expected a kernel and a bias for every layer');
  let offset = 0;
  const read = (spec: WeightSpec): Float32Array => {
    if (spec.dtype !== 'float32' || 'quantization' in spec)
      throw new Error(`Weight ${spec.name} is not plain float32`);
    const length = parameterSize(spec);
    if (offset + 4 * length > weightData.byteLength)
      throw new Error('weightData is shorter than the manifest');
    const values = new Float32Array(weightData.slice(offset, offset + 4 * length));
    offset += 4 * length;
    return values;
  };
  const dense = layers.map((layer, i) => {
    if (layer.class_name !== 'Dense' || layer.config.use_bias !== true) {
      throw new Error(`Layer ${i} is not a Dense layer with a bias`);
    }
    const [kernelSpec, biasSpec] = [specs[2 * i], specs[2 * i + 1]];
    if (
      kernelSpec.shape.length !== 2 ||
      biasSpec.shape.length !== 1 ||
      biasSpec.shape[0] !== kernelSpec.shape[1]
    ) {
      throw new Error(`Layer ${i} has unexpected weight shapes`);
    }
    return {
      name: String(layer.config.name),
      inputSize: kernelSpec.shape[0],
      outputSize: kernelSpec.shape[1],
      kernel: read(kernelSpec),
      bias: read(biasSpec),
    };
  });
  if (offset !== weightData.byteLength) throw new Error('weightData is longer than the manifest');
  return dense;
}
