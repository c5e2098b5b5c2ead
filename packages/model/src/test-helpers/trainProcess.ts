/**
 * A process that runs the train stage, for tests that interrupt one:
 * `trainProcess <dataset.arrow> <outDir> <config JSON>` (run through typescriptBootstrap).
 */
import { runTrainStage } from '../stage/trainStage';

const [datasetPath, outDir, config] = process.argv.slice(-3);
runTrainStage({ config: JSON.parse(config), datasetPath, outDir }).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
