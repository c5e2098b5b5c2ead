import { screenCoordinates } from './layout';

const planar = (points: number[][]) =>
  Float32Array.from(points[0].flatMap((_, a) => points.map((p) => p[a])));

describe('screenCoordinates', () => {
  it('centres a 2-D projection and scales both axes alike into [-0.95, 0.95]', () => {
    const { x, y } = screenCoordinates(
      planar([
        [10, 5],
        [30, 5],
        [20, 10],
      ]),
      3,
      2,
    );
    expect(Array.from(x)).toEqual([-0.95, 0.95, 0].map(Math.fround));
    expect(Array.from(y).map((v) => Number(v.toFixed(4)))).toEqual([-0.2375, -0.2375, 0.2375]);
  });

  it('keeps a single point (zero extent) at the centre', () => {
    const { x, y } = screenCoordinates(planar([[3, 4]]), 1, 2);
    expect([x[0], y[0]]).toEqual([0, 0]);
  });

  const cube = [
    [1, 0, 0],
    [-1, 0, 0],
    [0, 1, 0],
    [0, -1, 0],
    [0, 0, 1],
    [0, 0, -1],
  ];
  const round = (a: Float32Array) => Array.from(a, (v) => Number(v.toFixed(4)) + 0);

  it('shows x across and y up for a 3-D projection seen from the front', () => {
    const { x, y } = screenCoordinates(planar(cube), 6, 3);
    expect(round(x)).toEqual([0.95, -0.95, 0, 0, 0, 0]);
    expect(round(y)).toEqual([0, 0, 0.95, -0.95, 0, 0]);
  });

  it('brings z across when turned a quarter and up when tilted a quarter, at the same scale', () => {
    const turned = screenCoordinates(planar(cube), 6, 3, { yaw: 90, pitch: 0 });
    expect(round(turned.x)).toEqual([0, 0, 0, 0, 0.95, -0.95]);
    const tilted = screenCoordinates(planar(cube), 6, 3, { yaw: 0, pitch: -90 });
    expect(round(tilted.y)).toEqual([0, 0, 0, 0, 0.95, -0.95]);
    expect(round(tilted.x)).toEqual([0.95, -0.95, 0, 0, 0, 0]);
  });
});
