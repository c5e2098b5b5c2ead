import { lossCurveSpec } from './lossCurve';

type Spec = {
  data: { values: { epoch: number; loss: number; curve: string }[] };
  encoding: { color: { legend: unknown } };
};

describe('lossCurveSpec', () => {
  const history = {
    epoch: Int32Array.from([1, 2, 3]),
    trainLoss: Float32Array.from([20, 11, 9]),
    validationLoss: Float32Array.from([NaN, NaN, NaN]),
    seconds: Float32Array.from([2, 2, 2]),
  };

  it('plots the training loss per epoch, without a legend for one curve', () => {
    const spec = lossCurveSpec({
      history,
      title: 't',
      subtitle: [],
      lossName: 'loss',
    }) as unknown as Spec;
    expect(spec.data.values).toEqual([
      { epoch: 1, loss: 20, curve: 'training' },
      { epoch: 2, loss: 11, curve: 'training' },
      { epoch: 3, loss: 9, curve: 'training' },
    ]);
    expect(spec.encoding.color.legend).toBeNull();
  });

  it('adds the validation loss where it was recorded', () => {
    const withValidation = { ...history, validationLoss: Float32Array.from([21, 12, 10]) };
    const spec = lossCurveSpec({
      history: withValidation,
      title: 't',
      subtitle: [],
      lossName: 'loss',
    }) as unknown as Spec;
    expect(spec.data.values.filter((v) => v.curve === 'validation').map((v) => v.loss)).toEqual([
      21, 12, 10,
    ]);
    expect(spec.encoding.color.legend).not.toBeNull();
  });
});
