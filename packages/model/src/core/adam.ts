import * as tf from '@tensorflow/tfjs-core';

/** Adam's fixed hyperparameters (the seed used TensorFlow's defaults). */
export const adamHyperparameters = Object.freeze({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });

export interface AdamTensors {
  params: tf.Tensor[];
  firstMoment: tf.Tensor[];
  secondMoment: tf.Tensor[];
}

/**
 * One Adam step (Kingma & Ba) as 12 elementwise ops per parameter. The bias corrections are folded
 * into two scalars computed in double precision: with c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ,
 * lr·(m/c₁)/(√(v/c₂) + ε) = (lr·√c₂/c₁)·m/(√v + ε·√c₂), the same update tf.train.adam makes.
 * `step` is the 1-based index of this step.
 */
export function adamUpdate(
  current: AdamTensors,
  gradients: tf.Tensor[],
  learningRate: number,
  step: number,
): AdamTensors {
  const { beta1, beta2, epsilon } = adamHyperparameters;
  const correction1 = 1 - Math.pow(beta1, step);
  const correction2 = 1 - Math.pow(beta2, step);
  const stepSize = tf.scalar((learningRate * Math.sqrt(correction2)) / correction1);
  const scaledEpsilon = tf.scalar(epsilon * Math.sqrt(correction2));
  const b1 = tf.scalar(beta1);
  const oneMinusB1 = tf.scalar(1 - beta1);
  const b2 = tf.scalar(beta2);
  const oneMinusB2 = tf.scalar(1 - beta2);

  const next: AdamTensors = { params: [], firstMoment: [], secondMoment: [] };
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
