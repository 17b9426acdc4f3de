/** The one error kustomize raises: its text is what kubectl prints after `error: `. */
import { CliError } from '../api/errors.js';

/** A kustomization kustomize would refuse, in kustomize's words. */
export class KustomizeError extends CliError {
  override name = 'KustomizeError';
}
