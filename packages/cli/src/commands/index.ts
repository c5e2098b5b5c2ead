import { Command } from './command';
import { dataCommand } from './dataCommand';
import { encodeCommand } from './encodeCommand';
import { exportCommand } from './exportCommand';
import { neighborsCommand } from './neighborsCommand';
import { reduceCommand } from './reduceCommand';
import { serveCommand } from './serve';
import { runCommand, stageCommand } from './stage';
import { trainCommand } from './trainCommand';
import { validateCommand } from './validate';

export const COMMANDS: Command[] = [
  runCommand,
  stageCommand,
  validateCommand,
  dataCommand,
  trainCommand,
  encodeCommand,
  neighborsCommand,
  reduceCommand,
  exportCommand,
  serveCommand,
];
