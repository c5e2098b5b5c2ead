import { parameterLayout } from './layout';

describe('parameterLayout', () => {
  test('a tied network owns only the encoder kernels and reads them transposed in the decoder', () => {
    const layout = parameterLayout([784, 256, 64], true);
    expect(layout.params.map((p) => `${p.name}:${p.shape.join('x')}`)).toEqual([
      'encoder_1/kernel:784x256',
      'encoder_1/bias:256',
      'encoder_2/kernel:256x64',
      'encoder_2/bias:64',
      'decoder_1/bias:256',
      'decoder_2/bias:784',
    ]);
    expect(
      layout.layers.map((l) => [l.name, l.inputSize, l.outputSize, l.kernel, l.transposed]),
    ).toEqual([
      ['encoder_1', 784, 256, 0, false],
      ['encoder_2', 256, 64, 2, false],
      ['decoder_1', 64, 256, 2, true],
      ['decoder_2', 256, 784, 0, true],
    ]);
    expect(layout.encoderDepth).toBe(2);
  });

  test('an untied network has its own decoder kernels', () => {
    const layout = parameterLayout([10, 4], false);
    expect(layout.params.map((p) => `${p.name}:${p.shape.join('x')}`)).toEqual([
      'encoder_1/kernel:10x4',
      'encoder_1/bias:4',
      'decoder_1/kernel:4x10',
      'decoder_1/bias:10',
    ]);
  });
});
