/**
 * Input the user must change before anything can run: a refused output folder, a file of the
 * wrong kind. The command line reports it in one line and exits with 2, as for a bad argument.
 */
export class RefusedInput extends Error {
  override name = 'RefusedInput';
}
