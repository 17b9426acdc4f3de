/** The real kubectl for the tests that compare with it: its path, or '' (those tests skip, saying so). */
import { spawnSync } from 'node:child_process';

const found = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();

/** The kubectl on the PATH, when it runs (`kubectl version --client`); '' otherwise. */
export const kubectlPath = found !== '' && spawnSync(found, ['version', '--client'], { encoding: 'utf8' }).status === 0 ? found : '';

/** Whether `file` can run: warns visibly when it cannot. */
export function kubectlFor(file: string): boolean {
  if (!kubectlPath) console.warn(`SKIPPED: ${file} needs a real kubectl on the PATH (none found)`);
  return kubectlPath !== '';
}
