import { basename, extname } from 'node:path';

/**
 * What a pipeline may be called: its name becomes Nx target names, the folder
 * `artifacts/<name>/` and a word of the shell commands Nx runs, so it holds only characters
 * that mean nothing to a shell or a path (no dots: `..` would climb out of `artifacts/`).
 */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const PIPELINE_NAME_RULE =
  'a pipeline file is named <name>.yaml, the name made of letters, digits, "-" and "_", starting with a letter or digit';

/** The name of the pipeline in `file` (`pipelines/mnist.yaml` → `mnist`), or why it cannot be one. */
export function pipelineNameProblem(file: string): { name: string; problem?: string } {
  const name = basename(file, extname(file));
  return SAFE_NAME.test(name) && /^\.ya?ml$/.test(extname(file))
    ? { name }
    : {
        name,
        problem: `"${basename(file)}" is not a valid pipeline file name (${PIPELINE_NAME_RULE}; rename the file)`,
      };
}

/** What a reduction under `reduce:` may be called: it becomes a target name and a folder. */
export const REDUCTION_NAME = {
  pattern: /^[a-z][a-z0-9-]*$/,
  hint: 'use lower-case letters, digits and dashes, starting with a letter',
};
