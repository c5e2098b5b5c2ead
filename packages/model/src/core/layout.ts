/**
 * Which parameters an autoencoder with the given widths has, and which parameter each dense layer
 * reads. Tied and untied networks differ only here: a tied decoder layer reads an encoder kernel
 * transposed instead of owning one.
 */

export interface ParameterSpec {
  /** Keras-style weight name, e.g. `encoder_1/kernel`; also used in model.json. */
  name: string;
  shape: number[];
}

export interface DenseLayerSpec {
  /** Keras-style layer name, e.g. `encoder_1`, `decoder_2`. */
  name: string;
  inputSize: number;
  outputSize: number;
  /** Index of the kernel parameter; the layer computes `input · K` or, when transposed, `input · Kᵀ`. */
  kernel: number;
  transposed: boolean;
  bias: number;
}

export interface ParameterLayout {
  params: ParameterSpec[];
  /** Encoder layers then decoder layers, in the order data flows through them. */
  layers: DenseLayerSpec[];
  /** Number of encoder layers; the code is the output of `layers[encoderDepth - 1]`. */
  encoderDepth: number;
}

export function parameterLayout(dims: readonly number[], tiedWeights: boolean): ParameterLayout {
  const params: ParameterSpec[] = [];
  const layers: DenseLayerSpec[] = [];
  const depth = dims.length - 1;
  const encoderKernels: number[] = [];
  for (let i = 0; i < depth; i++) {
    const name = `encoder_${i + 1}`;
    const kernel = params.push({ name: `${name}/kernel`, shape: [dims[i], dims[i + 1]] }) - 1;
    const bias = params.push({ name: `${name}/bias`, shape: [dims[i + 1]] }) - 1;
    encoderKernels.push(kernel);
    layers.push({
      name,
      inputSize: dims[i],
      outputSize: dims[i + 1],
      kernel,
      transposed: false,
      bias,
    });
  }
  for (let j = 0; j < depth; j++) {
    const name = `decoder_${j + 1}`;
    const inputSize = dims[depth - j];
    const outputSize = dims[depth - j - 1];
    const kernel = tiedWeights
      ? encoderKernels[depth - j - 1]
      : params.push({ name: `${name}/kernel`, shape: [inputSize, outputSize] }) - 1;
    const bias = params.push({ name: `${name}/bias`, shape: [outputSize] }) - 1;
    layers.push({ name, inputSize, outputSize, kernel, transposed: tiedWeights, bias });
  }
  return { params, layers, encoderDepth: depth };
}

export function parameterSize(spec: ParameterSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}
