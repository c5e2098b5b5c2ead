import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerName } from './config';

/** Fixed hyperparameters: TensorFlow's defaults, as the seed used for Adam. */
export const optimizerHyperparameters = Object.freeze({
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  rmsprop: { decay: 0.9, epsilon: 1e-7 },
});

/**
 * Parameters with the optimizer's per-parameter state. Adam keeps both moments; RMSprop keeps its
 * running mean square in `secondMoment`; slots an optimizer does not use stay at zero.
 */
export interface OptimizerTensors {
  params: tf.Tensor[];
  firstMoment: tf.Tensor[];
  secondMoment: tf.Tensor[];
}

/**
 * One optimizer step over every parameter (call inside tf.tidy). `step` is the 1-based index of
 * this step. Each rule makes the same update as its tf.train counterpart:
 * - sgd: p − lr·g
 * - rmsprop: s = ρ·s + (1 − ρ)·g², p − lr·g/√(s + ε)
 * - adam: with c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ, lr·(m/c₁)/(√(v/c₂) + ε) is rewritten as
 *   (lr·√c₂/c₁)·m/(√v + ε·√c₂), folding the bias corrections into two scalars made in double
 *   precision.
 */
export function optimizerUpdate(
  optimizer: OptimizerName,
  current: OptimizerTensors,
  gradients: tf.Tensor[],
  learningRate: number,
  step: number,
): OptimizerTensors {
  switch (optimizer) {
    case 'sgd':
      return sgd(current, gradients, learningRate);
    case 'rmsprop':
      return rmsprop(current, gradients, learningRate);
    case 'adam':
      return adam(current, gradients, learningRate, step);
  }
}

function sgd(current: OptimizerTensors, gradients: tf.Tensor[], learningRate: number): OptimizerTensors {
  const lr = tf.scalar(learningRate);
  return {
    params: gradients.map((g, i) => tf.sub(current.params[i], tf.mul(g, lr))),
    firstMoment: current.firstMoment.map((m) => tf.clone(m)),
    secondMoment: current.secondMoment.map((v) => tf.clone(v)),
  };
}

function rmsprop(
  current: OptimizerTensors,
  gradients: tf.Tensor[],
  learningRate: number,
): OptimizerTensors {
  const { decay, epsilon } = optimizerHyperparameters.rmsprop;
  const [rho, oneMinusRho, eps, lr] = [decay, 1 - decay, epsilon, learningRate].map((x) =>
    tf.scalar(x),
  );
  const meanSquare = gradients.map((g, i) =>
    tf.add(tf.mul(current.secondMoment[i], rho), tf.mul(tf.square(g), oneMinusRho)),
  );
  return {
    params: gradients.map((g, i) =>
      tf.sub(current.params[i], tf.div(tf.mul(g, lr), tf.sqrt(tf.add(meanSquare[i], eps)))),
    ),
    firstMoment: current.firstMoment.map((m) => tf.clone(m)),
    secondMoment: meanSquare,
  };
}

function adam(
  current: OptimizerTensors,
  gradients: tf.Tensor[],
  learningRate: number,
  step: number,
): OptimizerTensors {
  const { beta1, beta2, epsilon } = optimizerHyperparameters.adam;
  const correction1 = 1 - Math.pow(beta1, step);
  const correction2 = 1 - Math.pow(beta2, step);
  const stepSize = tf.scalar((learningRate * Math.sqrt(correction2)) / correction1);
  const scaledEpsilon = tf.scalar(epsilon * Math.sqrt(correction2));
  const [b1, oneMinusB1, b2, oneMinusB2] = [beta1, 1 - beta1, beta2, 1 - beta2].map((x) =>
    tf.scalar(x),
  );
  const next: OptimizerTensors = { params: [], firstMoment: [], secondMoment: [] };
  gradients.forEach((g, i) => {
    const m = tf.add(tf.mul(current.firstMoment[i], b1), tf.mul(g, oneMinusB1));
    const v = tf.add(tf.mul(current.secondMoment[i], b2), tf.mul(tf.square(g), oneMinusB2));
    const update = tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), scaledEpsilon));
    next.params.push(tf.sub(current.params[i], update));
    next.firstMoment.push(m);
    next.secondMoment.push(v);
  });
  return next;
}
