import { Command } from './command';
import { dataCommand, encodeCommand, exportCommand, reduceCommand, trainCommand } from './fileStages';
import { runCommand, stageCommand } from './stage';
import { validateCommand } from './validate';

export const COMMANDS: Command[] = [
  runCommand,
  stageCommand,
  validateCommand,
  dataCommand,
  trainCommand,
  encodeCommand,
  reduceCommand,
  exportCommand,
];
