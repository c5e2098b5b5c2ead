import type { Architecture } from './architecture';
import type { AutoencoderConfig } from './config';
import { convArchitecture } from './conv';
import { parameterLayout, type ParameterSpec } from './layout';
import { denseArchitecture } from './network';

export function architectureFor(config: AutoencoderConfig): Architecture {
  return config.kind === 'conv'
    ? convArchitecture(config)
    : denseArchitecture(
        parameterLayout(config.dims, config.tiedWeights),
        config.activation,
        config.loss,
      );
}

/** The parameters (names and shapes, in order) of the autoencoder a config describes. */
export function parameterSpecs(config: AutoencoderConfig): ParameterSpec[] {
  return architectureFor(config).params;
}
