/**
 * A process that loads an images folder and prints what became of it, for the test that needs
 * another user than root (root reads every file, so an unreadable file can only be met as
 * someone else): `imagesProcess <dir>` (run through typescriptBootstrap). Started as root, it
 * loads its code first and then becomes `nobody` (uid and gid 65534), so the workspace need not be
 * readable by nobody, only the folder. Prints the rows read, or the refusal's message; exits 0
 * either way, 1 on any other error.
 */
import { tmpdir } from 'node:os';
import { RefusedInput } from '../io/refusedInput';
import { loadImages } from '../sources/images';
import { recordingProgress } from './recordingProgress';

const NOBODY = 65534;
if (process.getuid?.() === 0) {
  process.setgid!(NOBODY);
  process.setuid!(NOBODY);
}
const dir = process.argv[process.argv.length - 1];
loadImages({ dir, size: 4 }, { progress: recordingProgress(), cacheDir: tmpdir(), seed: 0 }).then(
  (loaded) => console.log(`rows ${loaded.dataset.ids.length}`),
  (error: unknown) => {
    if (!(error instanceof RefusedInput)) {
      console.error(error);
      process.exit(1);
    }
    console.log(error.message);
  },
);
